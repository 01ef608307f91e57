"""Solves one instance with PyVRP on one thread and prints {"routes": [...]} as JSON.

Durations are scaled by SCALE and rounded up, so a schedule PyVRP finds feasible is feasible
with exact Euclidean travel times too; distances are scaled and rounded to the nearest unit (the
benchmark re-measures every solution exactly anyway)."""

import json
import math
import sys

from pyvrp import Model
from pyvrp.stop import MaxRuntime

from instance import read_instance

SCALE = 100


def solve(path, seconds, seed, max_vehicles):
    instance = read_instance(path)
    model = Model()
    locations = [model.add_location(x, y) for x, y in instance.xy]
    depot = model.add_depot(locations[0], tw_early=0, tw_late=math.floor(instance.latest[0] * SCALE))
    model.add_vehicle_type(num_available=max_vehicles, capacity=instance.capacity, start_depot=depot,
                           end_depot=depot, tw_early=0, tw_late=math.floor(instance.latest[0] * SCALE))
    for node in range(1, len(locations)):
        model.add_client(locations[node], delivery=instance.demand[node],
                         service_duration=math.ceil(instance.service[node] * SCALE),
                         tw_early=math.ceil(instance.earliest[node] * SCALE),
                         tw_late=math.floor(instance.latest[node] * SCALE))
    for a, frm in enumerate(locations):
        for b, to in enumerate(locations):
            if a != b:
                exact = instance.distance(a, b) * SCALE
                model.add_edge(frm, to, distance=round(exact), duration=math.ceil(exact - 1e-9))
    result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    data = model.data()
    routes = []
    for route in result.best.routes():
        routes.append([data.client(activity.idx).location for activity in route if activity.is_client()])
    return {"routes": routes, "feasible": result.is_feasible()}


if __name__ == "__main__":
    path, seconds, seed, vehicles = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    print(json.dumps(solve(path, seconds, seed, vehicles)))
