/// The home-care routing and scheduling optimiser (issue #8). This target holds no code yet; it
/// exists so the package has its final shape and the server can depend on it.
public enum PlannerModule {}
