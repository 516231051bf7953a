"""The kinds contract: outside solver/puzzles/ (the kinds and their registry), nothing in solver/ or training/
decides by a kind's name. A kind owns what differs (solver.puzzles.base.PuzzleKind); the engine asks it.

Checked on the syntax tree: a comparison (==, !=, in, not in) or a match case against a kind's name, or a
table written inline and indexed at once ({"sudoku": ..., "maze": ...}[kind]). Naming a kind as a value
(a recipe that trains the Sudoku model passes "sudoku") is not deciding by it. The photo readers' tables in
solver/vision name the reader of each kind: looked up, never compared.
"""
import ast
from pathlib import Path

from solver.puzzles import KIND_NAMES

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = (ROOT / "solver" / "puzzles",)


def _names_a_kind(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in KIND_NAMES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_a_kind(e) for e in node.elts)
    if isinstance(node, ast.BinOp):  # ("auto",) + ("sudoku", ...)
        return _names_a_kind(node.left) or _names_a_kind(node.right)
    return False


def offences(source: str) -> list[tuple[int, str]]:
    """(line, what) of every decision by a kind's name in a module's source."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_names_a_kind(n) for n in [node.left, *node.comparators]):
            out.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.MatchValue) and _names_a_kind(node.value):
            out.append((node.value.lineno, "case " + ast.unparse(node.value)))
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict)
              and any(k is not None and _names_a_kind(k) for k in node.value.keys)):
            out.append((node.lineno, ast.unparse(node)))
    return out


def test_the_check_sees_each_way_of_deciding_by_name():
    src = ("if kind == 'maze': pass\n"
           "x = kind in ('sudoku', 'arc')\n"
           "y = {'sudoku': 1, 'maze': 2}[kind]\n"
           "match kind:\n    case 'arc': pass\n"
           "ok = load(path, 'sudoku') if kind.per_task else kind.name\n")
    assert [line for line, _ in offences(src)] == [1, 2, 3, 5]


def test_no_module_outside_the_kinds_compares_a_kind_name():
    found = []
    for package in ("solver", "training"):
        for f in sorted((ROOT / package).rglob("*.py")):
            if any(f.is_relative_to(a) for a in ALLOWED):
                continue
            found += [f"{f.relative_to(ROOT)}:{line}: {what}" for line, what in offences(f.read_text())]
    assert not found, "decides by a kind's name (ask the kind instead):\n" + "\n".join(found)
