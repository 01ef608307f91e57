"""VRPTW benchmark instances (LKH-3 format), best-known tables, and the one feasibility check and
distance every solver's routes are measured with: exact Euclidean distances, travel time equal to
distance, waiting allowed, each customer once, capacity, windows, return before the horizon."""

import csv
import math
from dataclasses import dataclass
from pathlib import Path

EPSILON = 1e-6


@dataclass
class Instance:
    name: str
    vehicles: int
    capacity: int
    xy: list  # (x, y) per node, depot first
    demand: list
    earliest: list
    latest: list
    service: list

    @property
    def customers(self):
        return len(self.xy) - 1

    def distance(self, a, b):
        return math.dist(self.xy[a], self.xy[b])


def read_instance(path):
    header, sections, section = {}, {}, None
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if not line or line == "EOF":
            continue
        if line.endswith("_SECTION"):
            section = line
            sections[section] = []
        elif section is None and ":" in line:
            key, value = line.split(":", 1)
            header[key.strip()] = value.strip()
        elif section:
            sections[section].append(line.split())
    nodes = int(header["DIMENSION"])
    coords = {int(r[0]): (float(r[1]), float(r[2])) for r in sections["NODE_COORD_SECTION"]}
    demand = {int(r[0]): int(r[1]) for r in sections["DEMAND_SECTION"]}
    windows = {int(r[0]): (float(r[1]), float(r[2])) for r in sections["TIME_WINDOW_SECTION"]}
    service = float(header.get("SERVICE_TIME", 0))
    ids = range(1, nodes + 1)
    return Instance(
        name=header.get("NAME", Path(path).stem),
        vehicles=int(header.get("VEHICLES", nodes - 1)),
        capacity=int(header["CAPACITY"]),
        xy=[coords[i] for i in ids],
        demand=[demand[i] for i in ids],
        earliest=[windows[i][0] for i in ids],
        latest=[windows[i][1] for i in ids],
        service=[0.0 if i == 1 else service for i in ids],
    )


def check(instance, routes, max_vehicles):
    """Every broken rule of `routes` (lists of customers 1..n), as readable strings."""
    problems = []
    served = [0] * len(instance.xy)
    for number, route in enumerate(routes, 1):
        time, previous, load = 0.0, 0, 0
        for customer in route:
            if not 1 <= customer <= instance.customers:
                problems.append(f"route {number}: unknown customer {customer}")
                continue
            served[customer] += 1
            load += instance.demand[customer]
            arrival = time + instance.distance(previous, customer)
            if arrival > instance.latest[customer] + EPSILON:
                problems.append(f"route {number}: customer {customer} reached at {arrival:.3f}, "
                                f"after {instance.latest[customer]}")
            time = max(arrival, instance.earliest[customer]) + instance.service[customer]
            previous = customer
        back = time + instance.distance(previous, 0)
        if back > instance.latest[0] + EPSILON:
            problems.append(f"route {number}: back at the depot at {back:.3f}, after {instance.latest[0]}")
        if load > instance.capacity:
            problems.append(f"route {number}: load {load} above capacity {instance.capacity}")
    for customer in range(1, instance.customers + 1):
        if served[customer] != 1:
            problems.append(f"customer {customer} served {served[customer]} times")
    if len(routes) > max_vehicles:
        problems.append(f"{len(routes)} routes, at most {max_vehicles} allowed")
    return problems


def total_distance(instance, routes):
    total = 0.0
    for route in routes:
        stops = [0, *route, 0]
        total += sum(instance.distance(a, b) for a, b in zip(stops, stops[1:]))
    return total


def read_best_known(path):
    """{instance: (max_vehicles, best_distance)} from best-known.csv or best-known-distance.csv."""
    with open(path, newline="") as handle:
        return {row["instance"]: (int(row["max_vehicles"]), float(row["best_distance"]))
                for row in csv.DictReader(handle)}
