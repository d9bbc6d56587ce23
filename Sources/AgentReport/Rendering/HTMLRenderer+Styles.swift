/// The page's inline style sheet: light and dark palettes chosen by `prefers-color-scheme`,
/// the light one forced for print.
extension HTMLRenderer {
    /// A palette; every text colour reaches a contrast of at least 4.5:1 (WCAG 2 AA) on the
    /// backgrounds it is drawn on (``HTMLRenderer/contrastPairs``, checked by a test).
    public struct Palette: Sendable {
        public var background, surface, border, text, muted, link, codeBackground: String
        public var error, errorBackground, warning, warningBackground, note, noteBackground, ok, okBackground: String

        /// CSS custom properties for this palette.
        var declarations: String {
            [("bg", background), ("surface", surface), ("border", border), ("text", text), ("muted", muted),
             ("link", link), ("code-bg", codeBackground), ("error", error), ("error-bg", errorBackground),
             ("warning", warning), ("warning-bg", warningBackground), ("note", note), ("note-bg", noteBackground),
             ("ok", ok), ("ok-bg", okBackground)]
                .map { "--\($0): \($1);" }.joined(separator: " ")
        }
    }

    public static let lightPalette = Palette(
        background: "#ffffff", surface: "#f6f8fa", border: "#d0d7de", text: "#1f2328", muted: "#57606a",
        link: "#0550ae", codeBackground: "#eff1f3",
        error: "#a40e26", errorBackground: "#ffebe9", warning: "#7d4e00", warningBackground: "#fff8c5",
        note: "#0a3069", noteBackground: "#ddf4ff", ok: "#116329", okBackground: "#dafbe1")

    public static let darkPalette = Palette(
        background: "#0d1117", surface: "#161b22", border: "#3d444d", text: "#e6edf3", muted: "#9198a1",
        link: "#58a6ff", codeBackground: "#1f2630",
        error: "#ffa198", errorBackground: "#3c1618", warning: "#e3b341", warningBackground: "#2e2410",
        note: "#a5d6ff", noteBackground: "#12263f", ok: "#7ee787", okBackground: "#122d1c")

    /// (foreground, background) pairs the style sheet draws text with, for a palette.
    public static func contrastPairs(_ palette: Palette) -> [(String, String)] {
        [
            (palette.text, palette.background), (palette.text, palette.surface), (palette.text, palette.codeBackground),
            (palette.muted, palette.background), (palette.muted, palette.surface),
            (palette.link, palette.background), (palette.link, palette.surface),
            (palette.error, palette.errorBackground), (palette.warning, palette.warningBackground),
            (palette.note, palette.noteBackground), (palette.ok, palette.okBackground),
            (palette.error, palette.surface), (palette.error, palette.background),
        ]
    }

    static let styleSheet: String = """
    :root { color-scheme: light dark; \(lightPalette.declarations) }
    @media (prefers-color-scheme: dark) { :root { \(darkPalette.declarations) } }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--text);
      font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    .skip { position: absolute; left: -10000px; }
    .skip:focus { left: 1rem; top: 1rem; background: var(--surface); padding: .5rem; }
    header.page-header, nav, main, footer { max-width: 62rem; margin: 0 auto; padding: 0 1rem; }
    header.page-header { padding-top: 1.5rem; }
    h1 { font-size: 1.8rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
    h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; overflow-wrap: anywhere; }
    h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
    h4, h5, h6 { font-size: 1rem; margin: 1rem 0 .25rem; }
    a { color: var(--link); }
    .subtitle, .where, .guidance, footer { color: var(--muted); }
    .badges { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: .75rem 0; }
    .badge { background: var(--surface); border: 1px solid var(--border); border-radius: 1rem; padding: .1rem .7rem; }
    .badge-label { color: var(--muted); }
    .verdict { display: inline-block; padding: .3rem .8rem; border-radius: .4rem; border: 1px solid; }
    .verdict-valid { color: var(--ok); background: var(--ok-bg); }
    .verdict-invalid { color: var(--error); background: var(--error-bg); }
    nav ol { columns: 2 16rem; padding-left: 1.5rem; }
    .toc-marker { color: var(--muted); }
    section { border-top: 1px solid var(--border); }
    dl.fields { display: grid; gap: .75rem; margin: 0; }
    .field { background: var(--surface); border: 1px solid var(--border); border-left: .3rem solid var(--border);
      border-radius: .4rem; padding: .5rem .8rem; }
    .field.missing, .field.empty { border-left-color: var(--error); }
    dt { font-weight: 600; overflow-wrap: anywhere; }
    dd { margin: .25rem 0 0; }
    .prose { overflow-wrap: anywhere; }
    .prose > :first-child { margin-top: 0; }
    .prose > :last-child { margin-bottom: 0; }
    .tag { font-size: .75em; font-weight: 700; text-transform: uppercase; letter-spacing: .03em;
      padding: .05em .45em; border-radius: .3em; border: 1px solid; vertical-align: middle; }
    .tag-missing { color: var(--error); background: var(--error-bg); }
    .tag-extra { color: var(--warning); background: var(--warning-bg); }
    .missing-note { color: var(--error); margin: .25rem 0; }
    .findings { list-style: none; padding: 0; margin: .5rem 0 0; }
    ol.findings { list-style: decimal; padding-left: 2rem; }
    .finding { padding: .3rem .6rem; margin: .3rem 0; border-left: .25rem solid; border-radius: .25rem; overflow-wrap: anywhere; }
    .finding-error { color: var(--error); background: var(--error-bg); }
    .finding-warning { color: var(--warning); background: var(--warning-bg); }
    .finding-note { color: var(--note); background: var(--note-bg); }
    .finding .where { color: inherit; }
    .severity { font-weight: 700; text-transform: uppercase; font-size: .8em; }
    code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
    pre { background: var(--code-bg); padding: .6rem .8rem; border-radius: .3rem; overflow-x: auto;
      white-space: pre-wrap; overflow-wrap: anywhere; }
    blockquote { margin: .5rem 0; padding-left: 1rem; border-left: .25rem solid var(--border); }
    .prose table { border-collapse: collapse; display: block; overflow-x: auto; }
    .prose th, .prose td { border: 1px solid var(--border); padding: .2rem .5rem; text-align: left; overflow-wrap: break-word; }
    section.node { border-top: 0; margin: 1rem 0 0; }
    section.card { border: 1px solid var(--border); border-radius: .5rem; padding: .25rem 1rem 1rem; margin: .75rem 0; }
    .card > :first-child { margin-top: .5rem; }
    .deep-heading { font-weight: 600; margin: 1rem 0 .25rem; }
    .table-wrap { overflow-x: auto; margin: .5rem 0; }
    table.rows { border-collapse: collapse; width: 100%; }
    table.rows th, table.rows td { border: 1px solid var(--border); padding: .3rem .6rem; text-align: left; vertical-align: top;
      overflow-wrap: break-word; }
    table.rows thead th { background: var(--surface); }
    table.rows td > .prose > p { margin: 0; }
    .badge-enum { display: inline-block; font-weight: 600; }
    .count { font-variant-numeric: tabular-nums; font-weight: 600; }
    .written { color: var(--muted); }
    .flag-yes { color: var(--ok); font-weight: 600; }
    .flag-no { color: var(--error); font-weight: 600; }
    .checklist { list-style: none; padding: 0; margin: 0; }
    .check { display: flex; gap: .5rem; align-items: baseline; }
    .check .box { flex: none; }
    .check.checked .box { color: var(--ok); }
    footer { border-top: 1px solid var(--border); margin-top: 2rem; padding-top: 1rem; padding-bottom: 2rem; font-size: .9em; }
    @media print {
      :root { \(lightPalette.declarations) }
      body { font-size: 11pt; }
      nav, .skip { display: none; }
      section, .field, .finding, .card, tr { break-inside: avoid; }
      h2, h3 { break-after: avoid; }
      .prose a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); }
      pre { white-space: pre-wrap; }
    }
    """
}
