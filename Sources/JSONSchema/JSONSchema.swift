/// JSONSchema — a standalone validator for JSON Schema draft 2020-12.
///
/// This module implements JSON Schema draft 2020-12 (Core, Validation, Applicator,
/// Unevaluated, Format, Content and Meta-Data vocabularies) together with a JSON value
/// model, a strict RFC 8259 parser and a deterministic writer. It depends on nothing but
/// Foundation and never touches the network.
///
/// ```swift
/// let schema = try SchemaCompiler().compile(JSONParser.parse(schemaText))
/// let errors = schema.validate(try JSONParser.parse(instanceText))
/// ```
///
/// ## Bounds on hostile input
///
/// - ``JSONParser`` is iterative and refuses documents nested deeper than `maxDepth`
///   (default 10 000) with a ``JSONParseError`` that names the offset, line and column.
/// - Compilation refuses schemas nested deeper than ``SchemaOptions/maxDepth`` (default 500)
///   and runs on its own thread with a stack sized for that depth.
/// - Validation descends at most ``SchemaOptions/maxDepth`` nested schema evaluations;
///   deeper evaluation — a deeply nested instance, or a `$ref` cycle — stops with one
///   ``ValidationErrorKind/depthLimit(_:)`` error instead of exhausting the stack (about
///   0.6 KB of stack per level in release builds).
/// - Validation has a work budget, ``SchemaOptions/maxEvaluations`` (default 2 000 000
///   evaluations — a schema applied to a value; large values and recorded errors count in
///   proportion), plus ``SchemaOptions/evaluationsPerUnit`` for each unit of the
///   instance's size, so that large data is validated. Recursion that branches (a `$ref` cycle under `oneOf`) is exponential in
///   the depth limit; when the budget is spent, validation stops with exactly one
///   ``ValidationErrorKind/evaluationLimit(_:)`` error, which also bounds the error list.
/// - `uniqueItems` hashes items (no quadratic comparison).
/// - `pattern`, `patternProperties` and `format: regex` use `NSRegularExpression` (ICU)
///   with a per-match time limit (``SchemaOptions/regexTimeLimit``, default 0.5 s); a match
///   that runs out of time is reported as ``ValidationErrorKind/patternTimeout(_:)``.
/// - Equality, hashing and serialisation of ``JSONValue`` recurse once per nesting level,
///   and Swift frees nested values recursively (about 150 bytes of stack per level);
///   values from ``JSONParser`` are bounded by its `maxDepth`.
///
/// ## Regular expressions
///
/// Patterns follow ECMA-262 (Unicode mode) as far as ICU allows; see ``PatternMatcher`` for
/// what is translated and what differs (ICU requires bounded look-behind, and accepts some
/// Unicode property names ECMA-262 does not). The module's README.md has the details.
public enum JSONSchemaModule {
    /// The JSON Schema dialect this module implements.
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"
}
