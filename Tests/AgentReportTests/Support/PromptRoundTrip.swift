import AgentReport
import JSONSchema

/// The round trip from a derived schema through `schema prompt` and back, shared by the tests
/// and the derive fuzz target.
enum PromptRoundTrip {
    /// An agent definition whose body is `prompt`.
    static func definition(name: String, prompt: String) -> AgentDefinition {
        let text = "---\nname: \(name)\ndescription: Round trip.\n---\n\nYou are an agent.\n\n" + prompt
        return AgentDefinition(source: SourceText(name: "\(name).md", text: text))
    }

    /// A schema without its guidance texts and its own title: what a round trip must keep.
    static func tree(_ value: JSONValue, root: Bool = true) -> JSONValue {
        switch value {
        case .object(let object):
            var out = JSONObject()
            for (key, child) in object where key != "description" && !(root && ["title", "$schema"].contains(key)) {
                out[key] = tree(child, root: false)
            }
            return .object(out)
        case .array(let array): return .array(array.map { tree($0, root: false) })
        default: return value
        }
    }
}
