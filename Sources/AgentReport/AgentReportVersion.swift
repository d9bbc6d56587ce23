/// The version agent-report reports (`--version`, SARIF's tool version).
public enum AgentReportVersion {
    public static let current = "0.1.0"
}
