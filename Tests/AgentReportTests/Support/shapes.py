#!/usr/bin/env python3
"""A combinatorial shape corpus: every answer draws each writing dimension independently.

Reuses the generator's sections and value material (imported from the path given by
--generator) and writes valid answers (all sections, all fields) whose shape is one draw per
dimension: label decoration, separator, value on the label's line or below it, field list
marker, section heading, wrapper fence with or without prose around it, continuation
indentation, fenced code inside values, blank lines between fields, CRLF. Writes
manifest.jsonl like the generator (file, data, style, valid, defects); "style" holds the
dimension values actually used, so a miss can be traced to the dimension that caused it.

    shapes.py --generator ../shared/corpus/generate.py --count 5000 --seed 3 --out DIR

Combinations left out, because a reader could not tell what was meant (each is resolved by
re-drawing the offending dimension, and "style" records the value actually written):
- numbered field markers (`1. `, `1) `) under `1. TITLE:` headings: sections and fields would
  be items of the same kind of list, told apart only by their words;
- a label alone on its line with ` - ` / ` — ` (or `:` plus two spaces, which is then just
  `:`): nobody ends a line with a dash separator, so label-only lines use `:`, ` :` or `：`;
- unindented continuation lines under a list marker that are sub-bullets or code fences: at
  column 0 a `- item` is a sibling field and a fence ends the list, so such answers get only
  sentence continuations (no sub-bullets, no code);
- a code fence at column 0 inside a backtick wrapper fence: its closing ``` would equally close
  the wrapper; such answers get no code in values (indented fences are kept, as the generator
  does);
- values that begin with, or contain outside code, `Label:` text equal to a field title: the
  value material never does this (its only `word:` text is inside fenced code);
- setext headings directly below a text line: a blank line always precedes every heading, so
  the title line cannot be read as the last line of the previous value.
"""

LABELS = {"plain": "{}", "bold": "**{}**", "underscore": "__{}__", "italic": "*{}*", "code": "`{}`",
          "bold_colon_in": "**{}:**"}
# separator written between label and a value on the same line / after a label-only label
SEPS = {"colon": (": ", ":"), "space_colon": (" : ", " :"), "fullwidth": ("：", "："), "dash": (" - ", None),
        "emdash": (" — ", None), "colon_two_spaces": (":  ", None), "inside": (" ", "")}
LAYOUTS = ["same_line", "next_line"]
MARKERS = {"dash": "- ", "star": "* ", "plus": "+ ", "num_dot": "{}. ", "num_paren": "{}) ", "none": ""}
HEADINGS = ["caps_colon", "h2_title", "h3_caps", "bold_caps", "bold_title_colon", "setext_eq", "setext_dash",
            "h1_numbered_title", "numbered_caps"]
WRAPPERS = ["none", "```", "```markdown", "~~~"]
INDENTS = {"none": "", "2": "  ", "4": "    ", "tab": "\t"}
CODES = ["none", "after_sentence", "block_only"]
PREAMBLES = ["Here is the design:", "Here is the backend design for the checkout service.",
             "Below is my proposal, following the requested format."]
EPILOGUES = ["Let me know if you want any part expanded.", "Happy to go deeper on the data model."]
SQL_FIELDS = {"schema_design", "indexing_strategy", "migration_approach", "database_optimization",
              "database_choice", "data_consistency", "backup_strategy", "integration_testing"}
SQL = [["CREATE TABLE orders (", "  id uuid PRIMARY KEY,", "  customer_id uuid NOT NULL REFERENCES customers(id),",
        "  total_cents bigint NOT NULL CHECK (total_cents >= 0)", ");"],
       ["CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id, created_at DESC);"],
       ["ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';"]]
JSON = [["{", '  "error": "invalid_request",', '  "detail": "total_cents must be positive",',
         '  "trace_id": "4bf92f3577b34da6"', "}"],
        ['{"alg": "RS256", "typ": "JWT", "kid": "2026-11"}'],
        ["{", '  "openapi": "3.1.0",', '  "info": {"title": "Orders API", "version": "2.0.0"}', "}"]]


def main():
    # The held-out writer's command line and manifest (this file's folder is on sys.path).
    from heldout import write_corpus
    write_corpus(make, prefix="s", default_seed=3, description=__doc__)


def draw(rng):
    """One independent draw per dimension, then the exclusions above (re-drawing what clashes)."""
    s = {"label": rng.choice(list(LABELS)), "sep": rng.choice([k for k in SEPS if k != "inside"]),
         "layout": rng.choice(LAYOUTS), "marker": rng.choice(list(MARKERS)), "heading": rng.choice(HEADINGS),
         "wrapper": rng.choice(WRAPPERS), "preamble": rng.random() < 0.5, "epilogue": rng.random() < 0.5,
         "indent": rng.choice(list(INDENTS)), "code": rng.choice(CODES), "blank_lines": rng.random() < 0.5,
         "crlf": rng.random() < 0.15}
    if s["label"] == "bold_colon_in":
        s["sep"] = "inside"  # the colon is part of the bold label
    if s["layout"] == "next_line" and SEPS[s["sep"]][1] is None:
        s["sep"] = rng.choice(["colon", "space_colon", "fullwidth"])
    if s["heading"] == "numbered_caps" and s["marker"].startswith("num_"):
        s["marker"] = rng.choice(["dash", "star", "plus", "none"])
    if s["indent"] == "none" and (s["marker"] != "none" or s["wrapper"].startswith("```")):
        s["code"] = "none"
    return s


def heading(style, title, index):
    pretty = title.title().replace("Api ", "API ").replace("Ci/Cd", "CI/CD")
    return {
        "caps_colon": [f"{title}:"],
        "h2_title": [f"## {pretty}"],
        "h3_caps": [f"### {title}"],
        "bold_caps": [f"**{title}**"],
        "bold_title_colon": [f"**{pretty}:**"],
        "setext_eq": [pretty, "=" * len(pretty)],
        "setext_dash": [pretty, "-" * len(pretty)],
        "h1_numbered_title": [f"# {index}. {pretty}"],
        "numbered_caps": [f"{index}. {title}:"],
    }[style]


def fits(style, lines):
    """Whether value lines (after the first) can be written at the answer's indentation."""
    if style["indent"] != "none":
        return True
    rest = [l.lstrip() for l in lines[1:]]
    if style["marker"] != "none" and any(l.startswith(("- ", "```")) for l in rest):
        return False
    return not (style["wrapper"].startswith("```") and any(l.startswith("```") for l in rest))


def plain_value(rng, gen, fk, style):
    """The generator's value, its continuation lines stripped of the generator's two spaces."""
    for _ in range(50):
        lines, _ = gen.value_for(rng, fk, 1)
        lines = [lines[0]] + [l[2:] if l.startswith("  ") else l for l in lines[1:]]
        if fits(style, lines):
            return lines
    return [gen.sentence(rng)]


def code_value(rng, gen, fk, kind):
    lang = "sql" if fk in SQL_FIELDS else "json"
    body = rng.choice(SQL if lang == "sql" else JSON)
    block = ["```" + lang] + body + ["```"]
    if kind == "block_only":
        return block
    return [gen.sentence(rng) + ("." if rng.random() < 0.5 else ":")] + block


def field(style, label, lines, index, below):
    """The field's lines. below: the value starts on the line after a label-only line."""
    marker = MARKERS[style["marker"]].format(index)
    ind = INDENTS[style["indent"]]
    if style["indent"] == "2" and style["marker"].startswith("num_"):
        ind = "   "  # the content column of `1. ` / `1) `
    decorated = LABELS[style["label"]].format(label)
    same, alone = SEPS[style["sep"]]
    if below:
        head = marker + decorated + (alone if alone is not None else ":")
        return [head] + [ind + l for l in lines]
    return [marker + decorated + same + lines[0]] + [ind + l for l in lines[1:]]


def make(rng, gen):
    style = draw(rng)
    all_fields = [(sk, fk) for sk, _, fs in gen.SECTIONS for fk, _, _ in fs]
    coded = set(rng.sample(all_fields, rng.randint(1, 3))) if style["code"] != "none" else set()
    style["code_fields"] = len(coded)
    out, data = [], {}
    if style["preamble"]:
        out += [rng.choice(PREAMBLES), ""]
    if style["wrapper"] != "none":
        out.append(style["wrapper"])
    for idx, (sk, title, fields) in enumerate(gen.SECTIONS, 1):
        out += heading(style["heading"], title, idx)
        if style["blank_lines"]:
            out.append("")
        sd = {}
        for fidx, (fk, label, _) in enumerate(fields, 1):
            if (sk, fk) in coded:
                lines = code_value(rng, gen, fk, style["code"])
            else:
                lines = plain_value(rng, gen, fk, style)
            below = style["layout"] == "next_line" or lines[0].startswith("```")
            out += field(style, label, lines, fidx, below)
            if style["blank_lines"]:
                out.append("")
            sd[fk] = "\n".join(lines)
        if not style["blank_lines"]:
            out.append("")
        data[sk] = sd
    if style["wrapper"] != "none":
        out.append(style["wrapper"][:3])
    if style["epilogue"]:
        out += ["", rng.choice(EPILOGUES)]
    nl = "\r\n" if style["crlf"] else "\n"
    return nl.join(out) + nl, data, style


if __name__ == "__main__":
    main()
