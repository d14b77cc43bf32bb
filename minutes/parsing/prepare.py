"""Before the lines are read: remove what is not the minutes, and restore lost structure.

Each step is small and named after what it undoes:

- a document site's wrapper around a PDF's text ("Save this PDF as", "Transkript", "Full text")
  and the page markers it leaves ("(2)", "1(7)", "Sida 2 av 7", a bare page number);
- a static-site generator's front matter and HTML comments;
- LaTeX source: sections become Markdown headings, list items bullets, attendance macros lines;
- text whose line breaks were lost ("…2017Närvarande: Björn, …PeterStudiebesök …:Det har …"):
  breaks go back before labels, numbered points and glued sentences.

Pure text in, text out; nothing here knows about attendance or items.
"""

import re

from .vocabulary import LABELS_BREAKING_FLAT_TEXT, WRAPPER_LINES

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PAGE_MARKER = re.compile(
    r"^\s*(?:\(\d{1,3}\)|\d{1,3}\s*\(\d{1,3}\)|sida\s+\d{1,3}(?:\s*(?:av|\(|/)\s*\d{1,3}\)?)?|"
    r"\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|\d{1,3})\s*$",
    re.IGNORECASE,
)


def prepare_text(text: str) -> str:
    text = _HTML_COMMENT.sub("", text)
    text = text.replace("‹", "(").replace("›", ")")  # "Rasmus Kaj ‹kaj›": a nickname
    text = _strip_front_matter(text)
    if _is_latex(text):
        text = latex_to_markdown(text)
    text = _strip_wrapper(text)
    text = _restore_breaks(text)
    return text


# Wrappers and page markers -------------------------------------------------------------


def _strip_front_matter(text: str) -> str:
    """YAML front matter between '---' lines at the very start."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if 0 < end < 2000 and re.search(r"^\w[\w-]*:\s", text[4:end], re.MULTILINE):
            return text[end + 4 :].lstrip("\n")
    return text


def _strip_wrapper(text: str) -> str:
    """A document site's text around the document, and page markers on lines of their own."""
    lines = text.split("\n")
    # everything before "Transkript"/"Full text" is the site's page (title, buttons)
    for index, line in enumerate(lines[:40]):
        if line.strip().casefold() in {"transkript", "full text", "transcript"}:
            lines = lines[index + 1 :]
            break
    out = []
    for line in lines:
        stripped = line.strip()
        if stripped.casefold() in WRAPPER_LINES or _is_page_marker(stripped):
            out.append("")
            continue
        out.append(line)
    return "\n".join(out)


def _is_page_marker(stripped: str) -> bool:
    return bool(stripped) and len(stripped) <= 16 and bool(_PAGE_MARKER.match(stripped))


# Lost line breaks ------------------------------------------------------------------------

_GLUED_SENTENCE = re.compile(r"(?<=[a-zåäöé][.!?)])(?=[A-ZÅÄÖ][a-zåäö])")
_GLUED_WORD = re.compile(r"(?<=[a-zåäöé\d)])(?=[A-ZÅÄÖ][a-zåäö]{2,})")
_GLUED_LABEL_END = re.compile(r"(?<=[a-zåäö]):(?=[A-ZÅÄÖ][a-zåäö])")
# "…sin avgift  1. Nästa möte": a flattened HTML list puts its points after two spaces
_INLINE_POINT = re.compile(r"(?<=\S)\s{2,}(?=\d{1,2}\.\s+[A-ZÅÄÖ])")
# in a flattened page: "… hälsade alla välkomna. 1. Fastställande av dagordning …"
_FLAT_POINT = re.compile(r"(?<=[\w.)])\s+(?=\d{1,2}\.\s+[A-ZÅÄÖ][a-zåäö])")


def _restore_breaks(text: str) -> str:
    text = _INLINE_POINT.sub("\n\n", text)
    lines = text.split("\n")
    filled = [line for line in lines if line.strip()]
    if not filled:
        return text
    flat = len(text) > 250 and len(filled) <= 3
    out = []
    for line in lines:
        if flat or len(line) > 600:
            line = _unglue(line)
        out.append(line)
    return "\n".join(out)


def _unglue(line: str) -> str:
    """Break a line whose sentences and headings were glued together."""
    line = _GLUED_LABEL_END.sub(":\n", line)
    line = _FLAT_POINT.sub("\n", line)
    line = _GLUED_SENTENCE.sub("\n", line)
    line = _GLUED_WORD.sub("\n", line)
    for label in LABELS_BREAKING_FLAT_TEXT:
        line = re.sub(rf"(?<=\S)\s*(?={label}:)", "\n", line)
    return line


# LaTeX -------------------------------------------------------------------------------------

_LATEX_SIGNS = re.compile(r"\\documentclass|\\begin\{document\}|\\(?:sub)*section\*?\{")
_BRACES = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
_LATEX_HEADING = re.compile(rf"^\s*\\((?:sub){{0,3}})section\*?{_BRACES}\s*$")
_LATEX_MACRO_ARGS = re.compile(rf"^\s*\\([\wåäöÅÄÖ]+)((?:\s*{_BRACES}){{2,4}})\s*$")
_LATEX_ARG = re.compile(_BRACES)
_LATEX_COMMAND = re.compile(r"\\[A-Za-zåäöÅÄÖ@]+\*?(?:\[[^\]]*\])*")
_PRESENT_FLAGS = {"ja", "yes", "x", "närvarande", "närvarade"}
_ABSENT_FLAGS = {"nej", "no", "frånvarande", "förhinder", "-"}


def _is_latex(text: str) -> bool:
    return bool(_LATEX_SIGNS.search(text[:20000]))


def _latex_inline(text: str) -> str:
    text = re.sub(r"\\(?:textbf|textit|emph|underline|texttt)\{([^{}]*)\}", r"\1", text)
    text = text.replace("\\\\", "").replace("~", " ").replace("\\S", "§").replace("\\&", "&")
    text = re.sub(r"\\csname.*?\\endcsname", "", text)
    text = _LATEX_COMMAND.sub("", text)
    return " ".join(text.replace("{", " ").replace("}", " ").split())


def latex_to_markdown(text: str) -> str:
    """\\section{X} -> '## X', \\item -> '- ', macros with a name and a yes/no -> lines."""
    out: list[str] = []
    lines = text.split("\n")
    begin = next((i for i, raw in enumerate(lines) if "\\begin{document}" in raw), None)
    if begin is not None:  # the preamble is layout, but for the title and the date
        head = [raw for raw in lines[:begin] if re.match(r"\s*\\(?:title|date)\{", raw)]
        lines = head + lines[begin + 1 :]
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("%"):
            out.append("")
            continue
        line = re.sub(r"(?<!\\)%.*$", "", line).rstrip()
        if match := _LATEX_HEADING.match(line):
            level = 2 + len(match.group(1)) // 3
            out.append(f"{'#' * level} {_latex_inline(match.group(2))}")
            continue
        if match := re.match(rf"^\\(title|date){_BRACES}", line):
            value = _latex_inline(match.group(2))
            out.append(f"# {value}" if match.group(1) == "title" else f"Datum: {value}")
            continue
        if match := re.match(r"^\\begin\{([^}]*)\}", line):
            env = match.group(1).replace("_", " ")
            if re.search(r"närvar|deltag|frånvar", env, re.IGNORECASE):
                out.append(f"{env.split()[0].capitalize()}:")
            continue
        if line.startswith("\\end{"):
            out.append("")
            continue
        if line.startswith("\\item"):
            out.append("- " + _latex_inline(line[5:]))
            continue
        if match := _LATEX_MACRO_ARGS.match(line):
            args = [_latex_inline(a) for a in _LATEX_ARG.findall(match.group(2))]
            flag = args[-1].casefold()
            if flag in _ABSENT_FLAGS:
                continue
            if flag in _PRESENT_FLAGS:
                args = args[:-1]
            people = [a for a in args if len(a.split()) >= 2 and a[:1].isupper()]
            name = people[-1] if people else args[-1]
            others = [a for a in args if a != name and a]
            out.append(f"- {name}" + (f", {', '.join(others)}" if others else ""))
            continue
        out.append(_latex_inline(line))
    return "\n".join(out)
