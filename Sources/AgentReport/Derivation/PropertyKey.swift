/// Property names derived from titles, as the shipped schemas write them.
///
/// snake_case of the title's letters and digits: `Framework Choice` → `framework_choice`,
/// `DEPLOYMENT & OPERATIONS` → `deployment_operations`, `CI/CD Pipeline` → `ci_cd_pipeline`.
enum PropertyKey {
    static func make(_ title: String) -> String {
        var out = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.isEmpty && out.last != "_" {
                out.append("_")
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "field" : out
    }

    /// `make(title)`, with `_2`, `_3`… when a sibling already has that key.
    static func unique(_ title: String, among taken: inout Set<String>) -> String {
        let key = make(title)
        var candidate = key
        var n = 2
        while taken.contains(candidate) {
            candidate = "\(key)_\(n)"
            n += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
