/// The SCAIP/SIP codec for digital safety alarms (issue #7). This target holds no code yet; it
/// exists so the package has its final shape and the server can depend on it.
public enum SCAIPModule {}
