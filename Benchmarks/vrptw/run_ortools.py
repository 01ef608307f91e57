"""Solves one instance with OR-Tools' routing solver (guided local search, one thread) and prints
{"routes": [...]} as JSON; empty routes and "feasible": false when it finds no solution.

Times are scaled by SCALE and travel times rounded up, as for PyVRP, so its schedules are feasible
with exact travel times; arc costs are scaled distances rounded to the nearest unit."""

import json
import math
import sys

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from instance import read_instance

SCALE = 100


def solve(path, seconds, seed, max_vehicles):
    instance = read_instance(path)
    nodes = len(instance.xy)
    manager = pywrapcp.RoutingIndexManager(nodes, max_vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    cost = [[round(instance.distance(a, b) * SCALE) for b in range(nodes)] for a in range(nodes)]
    travel = [[math.ceil(instance.distance(a, b) * SCALE - 1e-9) + math.ceil(instance.service[a] * SCALE)
               for b in range(nodes)] for a in range(nodes)]

    def arc_cost(i, j):
        return cost[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def transit(i, j):
        return travel[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def demand(i):
        return instance.demand[manager.IndexToNode(i)]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(arc_cost))
    horizon = math.floor(instance.latest[0] * SCALE)
    time_callback = routing.RegisterTransitCallback(transit)
    routing.AddDimension(time_callback, horizon, horizon, False, "Time")
    time = routing.GetDimensionOrDie("Time")
    for node in range(1, nodes):
        time.CumulVar(manager.NodeToIndex(node)).SetRange(
            math.ceil(instance.earliest[node] * SCALE), math.floor(instance.latest[node] * SCALE))
    for vehicle in range(max_vehicles):
        time.CumulVar(routing.Start(vehicle)).SetRange(0, horizon)
        time.CumulVar(routing.End(vehicle)).SetRange(0, horizon)
    routing.AddDimensionWithVehicleCapacity(
        routing.RegisterUnaryTransitCallback(demand), 0, [instance.capacity] * max_vehicles, True, "Load")

    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    parameters.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    parameters.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(parameters)
    if solution is None:
        return {"routes": [], "feasible": False}
    routes = []
    for vehicle in range(max_vehicles):
        index, route = solution.Value(routing.NextVar(routing.Start(vehicle))), []
        while not routing.IsEnd(index):
            route.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        if route:
            routes.append(route)
    return {"routes": routes, "feasible": True}


if __name__ == "__main__":
    path, seconds, seed, vehicles = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    print(json.dumps(solve(path, seconds, seed, vehicles)))
