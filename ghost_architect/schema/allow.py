"""The allow-lists between a model's reply and any SQL we write or run.

A column type becomes one of a few portable types (numbers its only parameters); a DEFAULT is a
literal or the current date/time; a CHECK is a tree of comparisons, arithmetic, IN/BETWEEN/LIKE
and a few pure string functions over the table's own columns. Everything else is refused by node
type (never by matching text), so no function call, sub-query or statement can reach SQLite,
the printed DDL or a diagram.
"""

from __future__ import annotations

from sqlglot import exp

from ghost_architect.schema.names import normalise_name

T = exp.DataType.Type
TYPE_FAMILIES: dict[str, tuple[T, ...]] = {
    "INTEGER": (T.INT, T.BIGINT, T.SMALLINT, T.TINYINT, T.MEDIUMINT, T.SERIAL, T.BIGSERIAL,
                T.SMALLSERIAL, T.UINT, T.UBIGINT, T.USMALLINT, T.UTINYINT, T.UMEDIUMINT),
    "REAL": (T.FLOAT, T.DOUBLE),
    "DECIMAL": (T.DECIMAL, T.MONEY, T.SMALLMONEY, T.UDECIMAL),
    "VARCHAR": (T.VARCHAR, T.NVARCHAR, T.CHAR, T.NCHAR),
    "TEXT": (T.TEXT, T.TINYTEXT, T.MEDIUMTEXT, T.LONGTEXT, T.ENUM, T.NAME),
    "BLOB": (T.BLOB, T.TINYBLOB, T.MEDIUMBLOB, T.LONGBLOB, T.BINARY, T.VARBINARY),
    "BOOLEAN": (T.BOOLEAN, T.BIT),
    "DATE": (T.DATE,),
    "TIME": (T.TIME, T.TIMETZ),
    "TIMESTAMP": (T.DATETIME, T.TIMESTAMP, T.TIMESTAMPTZ, T.TIMESTAMPLTZ, T.TIMESTAMPNTZ,
                  T.SMALLDATETIME, T.DATETIME2),
    "UUID": (T.UUID,),
    "JSON": (T.JSON, T.JSONB),
}  # fmt: skip
TYPE_OF = {member: name for name, members in TYPE_FAMILIES.items() for member in members}
MAX_LENGTH = 65_535  # VARCHAR(n)
MAX_PRECISION = 65  # DECIMAL(p, s)

DEFAULT_NODES = (exp.Literal, exp.Null, exp.Boolean, exp.CurrentTimestamp, exp.CurrentDate,
                 exp.CurrentTime)  # fmt: skip
# The only functions a CHECK may call (by SQLite name): pure, and cheap on any input.
PURE_FUNCTIONS = {"length": exp.Length, "lower": exp.Lower, "upper": exp.Upper,
                  "trim": exp.Trim, "abs": exp.Abs}  # fmt: skip
CHECK_NODES = (
    exp.Column, exp.Identifier, exp.Literal, exp.Null, exp.Boolean, exp.Paren, exp.Tuple,
    exp.And, exp.Or, exp.Not, exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Is,
    exp.In, exp.Between, exp.Like, exp.ILike, exp.Glob, exp.Add, exp.Sub, exp.Mul, exp.Div,
    exp.Mod, exp.Neg, *PURE_FUNCTIONS.values(),
)  # fmt: skip


def _numbers(data_type: exp.DataType) -> list[int] | None:
    """The type's parameters when every one is a whole number, else None."""
    numbers = []
    for param in data_type.expressions:
        value = param.this if isinstance(param, exp.DataTypeParam) else param
        if not (isinstance(value, exp.Literal) and value.is_int):
            return None
        numbers.append(int(value.this))
    return numbers


def safe_type(kind: exp.Expression | None) -> tuple[str, str | None]:
    """The allow-listed type for a parsed column type, and why it changed when it did."""
    if kind is None:
        return "TEXT", None
    if not isinstance(kind, exp.DataType):
        return "TEXT", "is not a column type"
    name = TYPE_OF.get(kind.this)
    if name is None:
        return "TEXT", f"type {kind.this.name} is not one of {', '.join(TYPE_FAMILIES)}"
    numbers = _numbers(kind)
    if name == "VARCHAR" and numbers and len(numbers) == 1 and 0 < numbers[0] <= MAX_LENGTH:
        return f"VARCHAR({numbers[0]})", None
    if name == "DECIMAL" and numbers and 1 <= len(numbers) <= 2:
        precision, scale = numbers[0], numbers[1] if len(numbers) == 2 else 0
        if 0 < precision <= MAX_PRECISION and 0 <= scale <= precision:
            return f"DECIMAL({','.join(map(str, numbers))})", None
    if numbers is None or (numbers and name in ("VARCHAR", "DECIMAL")):
        return name, "type parameters are not plain lengths"
    return name, None


def _plain(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Paren):
        node = node.this
    return node


def safe_default(node: exp.Expression) -> str | None:
    """The DEFAULT as SQLite text when it is a literal or the current date/time, else None."""
    node = _plain(node)
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and node.this.is_number:
        return node.sql(dialect="sqlite")
    if isinstance(node, DEFAULT_NODES):
        return node.sql(dialect="sqlite")
    return None


def safe_check(node: exp.Expression) -> str | None:
    """The CHECK as SQLite text, its column names normalised like the table's, when every node
    of it is allow-listed; else None."""
    if not all(isinstance(n, CHECK_NODES) for n in node.walk()):
        return None
    if any(isinstance(n, exp.Column) and n.table for n in node.walk()):
        return None  # another table's column

    def rename(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Column):
            return exp.column(normalise_name(n.name))
        return n

    return node.transform(rename).sql(dialect="sqlite")
