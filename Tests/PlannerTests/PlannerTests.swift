// Filled by the planner issue.
import Testing

@testable import Planner

@Test func plannerModuleBuilds() { #expect(Planner.Placeholder.self == Planner.Placeholder.self) }
