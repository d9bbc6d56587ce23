#!/usr/bin/env python3
"""A held-out corpus: answers written in forms ../shared/corpus/generate.py never uses.

Reuses the generator's sections and value material (imported from the path given by
--generator) but writes headings, labels, fences and white space in other ways markdown and
models allow: setext and closed ATX headings, `#Title`, labels in lower case, capitals and
odd spacing, label/value table rows, labels with values on the next line, `~~~` fences, tab
and Unicode-space indentation, `+` bullets and `1)` numbering. Writes manifest.jsonl like the
generator (file, data, style) so the same checks apply.

    heldout.py --generator ../shared/corpus/generate.py --count 300 --seed 7 --out DIR
"""
import argparse, importlib.util, json, os, random

HEADINGS = ["setext_eq", "setext_dash", "atx_closed", "atx_nospace", "h1", "h4_bold", "bold_title_case",
            "caps_no_colon_numbered_paren", "roman", "italic"]
FIELDS = ["lower", "caps", "spaced", "table", "next_line", "next_line_bold", "plus", "paren_numbered",
          "tab_indent", "nbsp", "ideographic", "colon_space_before", "bold_dash", "fullwidth_colon"]
FENCES = [None, "~~~", "````", "``` md"]


def main():
    write_corpus(make, prefix="h", default_seed=7, description=__doc__)


def write_corpus(make, prefix, default_seed, description):
    """The command line these writers share: imports the generator named by --generator, writes
    --count answers made by make(rng, generator) as PREFIX00001.md… into --out, with the manifest."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--generator", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=default_seed)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("generate", a.generator)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "manifest.jsonl"), "w", encoding="utf-8") as manifest:
        for n in range(1, a.count + 1):
            text, data, style = make(rng, gen)
            name = f"{prefix}{n:05d}.md"
            with open(os.path.join(a.out, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            manifest.write(json.dumps({"file": name, "data": data, "style": style, "valid": True, "defects": []}, sort_keys=True) + "\n")


def heading(style, title, index):
    pretty = title.title().replace("Api ", "API ").replace("Ci/Cd", "CI/CD")
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][index - 1]
    return {
        "setext_eq": [pretty, "=" * len(pretty)],
        "setext_dash": [title, "-" * len(title)],
        "atx_closed": [f"## {title} ##"],
        "atx_nospace": [f"#{title}"],
        "h1": [f"# {pretty}"],
        "h4_bold": [f"#### **{pretty}**"],
        "bold_title_case": [f"**{pretty}**"],
        "caps_no_colon_numbered_paren": [f"{index}) {title}"],
        "roman": [f"{roman}. {title}"],
        "italic": [f"*{pretty}:*"],
    }[style]


def field(style, label, lines):
    """lines: the value's lines as the generator makes them (first, then indented continuations)."""
    first, rest = lines[0], lines[1:]
    spaced = label.replace(" ", "  ")
    if style == "table":
        return None  # handled by the section writer
    if style in ("next_line", "next_line_bold"):
        head = f"{label}:" if style == "next_line" else f"**{label}**"
        return [head, first] + rest
    if style == "tab_indent":
        return [f"- {label}: {first}"] + ["\t" + r.lstrip(" ") if r.startswith("  ") else r for r in rest]
    if style == "nbsp":
        return [f"-\u00a0{label}:\u00a0{first}"] + ["\u00a0\u00a0" + r[2:] if r.startswith("  ") else r for r in rest]
    if style == "ideographic":
        return [f"\u3000- {label}: {first}"] + ["\u3000\u3000" + r[2:] if r.startswith("  ") else r for r in rest]
    head = {
        "lower": f"- {label.lower()}: {first}",
        "caps": f"- {label.upper()}: {first}",
        "spaced": f"-   {spaced} :   {first}",
        "plus": f"+ {label}: {first}",
        "paren_numbered": f"1) {label}: {first}",
        "colon_space_before": f"- {label} : {first}",
        "bold_dash": f"- **{label}** — {first}",
        "fullwidth_colon": f"- {label}：{first}",
    }[style]
    return [head] + rest


def make(rng, gen):
    style = {"heading": rng.choice(HEADINGS), "field": rng.choice(FIELDS), "fence": rng.choice(FENCES)}
    if style["field"] == "table" and style["heading"] in ("caps_no_colon_numbered_paren", "roman"):
        style["heading"] = "h1"
    out, data = [], {}
    if rng.random() < 0.5:
        out += ["Below is the design.", ""]
    if style["fence"]:
        out.append(style["fence"])
    for idx, (sk, title, fields) in enumerate(gen.SECTIONS, 1):
        out += heading(style["heading"], title, idx)
        if style["field"] == "next_line" or style["heading"].startswith("setext"):
            out.append("")
        sd = {}
        if style["field"] == "table":
            out += ["| Field | Decision |", "|---|---|"]
            for fk, label, _ in fields:
                value = gen.sentence(rng)
                out.append(f"| {label} | {value} |")
                sd[fk] = value
        else:
            for fk, label, _ in fields:
                lines, expected = gen.value_for(rng, fk, 1)
                if style["field"] in ("bold_dash",) and len(lines) > 1:
                    lines, expected = lines[:1], lines[0]
                out += field(style["field"], label, lines)
                sd[fk] = expected
                if style["field"].startswith("next_line"):
                    out.append("")
        out.append("")
        data[sk] = sd
    if style["fence"]:
        out.append(style["fence"].split(" ")[0])
    if rng.random() < 0.5:
        out += ["", "Happy to go deeper on any part."]
    return "\n".join(out) + "\n", data, style


if __name__ == "__main__":
    main()
