import AgentReport
import Testing

/// Each code means one thing: no two catalog entries share a code, and no producer's own
/// code is a `schema-<keyword>` code the validator gives for a JSON Schema keyword.
@Suite struct DiagnosticCatalogTests {
    /// The draft 2020-12 keywords that can fail an instance.
    static let keywords = [
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
        "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "contains", "maxProperties",
        "minProperties", "required", "dependentRequired", "format", "additionalProperties", "properties", "patternProperties",
        "propertyNames", "items", "prefixItems", "unevaluatedItems", "unevaluatedProperties", "allOf", "anyOf", "oneOf", "not",
        "if", "then", "else", "dependentSchemas", "contentEncoding", "contentMediaType", "contentSchema", "$ref", "$dynamicRef",
    ]

    @Test func codesAreDistinct() {
        let codes = DiagnosticCatalog.entries.map(\.code)
        #expect(Set(codes).count == codes.count, "\(codes.filter { code in codes.filter { $0 == code }.count > 1 })")
    }

    @Test func noCodeCollidesWithAKeywordCode() {
        let keywordCodes = Set(Self.keywords.map { "schema-" + $0 })
        let collisions = DiagnosticCatalog.entries.map(\.code).filter(keywordCodes.contains)
        #expect(collisions.isEmpty, "\(collisions)")
    }
}
