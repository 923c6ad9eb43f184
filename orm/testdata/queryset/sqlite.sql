-- Golden QuerySet SQL for dialect sqlite. Regenerate: go test ./orm -run TestGoldenQuerySet -update

-- exact, keys sorted
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = ? AND "product"."status" = ?
   args: "Widget", "draft"

-- exact nil is IS NULL
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."description" IS NULL

-- exact typed nil pointer is IS NULL
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."description" IS NULL

-- exact invalid sql.Null is IS NULL
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."description" IS NULL

-- nil with gt is an error
   error: sqlorm: invalid query: Product: "price__gt": sqlorm/lookups: invalid lookup value: gt: cannot compare with nil; use exact (IS NULL) or isnull

-- iexact
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" LIKE ? ESCAPE '\'
   args: "wid\\%get"

-- contains escapes % _ \
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" GLOB ?
   args: "*50%_off\\*"

-- icontains
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" LIKE ? ESCAPE '\'
   args: "%Widget%"

-- startswith
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" GLOB ?
   args: "Wid*"

-- istartswith
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" LIKE ? ESCAPE '\'
   args: "wid%"

-- endswith
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" GLOB ?
   args: "*get"

-- iendswith
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" LIKE ? ESCAPE '\'
   args: "%GET"

-- regex
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" REGEXP ?
   args: "^W.*t$"

-- iregex
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" REGEXP '(?i)' || ?
   args: "^w"

-- in drops nil and duplicates
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" IN (?, ?)
   args: int64(3), int64(1)

-- in empty sends nothing
(no statement)

-- in of only nil sends nothing
(no statement)

-- gt gte lt lte
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" < ? AND "product"."id" <= ? AND "product"."price" > ? AND "product"."price" >= ?
   args: int64(10), int64(9), int64(1), "2.5"

-- integer gte rounds a float up
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" >= ?
   args: int64(6)

-- range
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."price" BETWEEN ? AND ?
   args: int64(10), int64(20)

-- isnull true and false
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."category_id" IS NOT NULL AND "product"."description" IS NULL

-- text field compared with a number
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = ?
   args: "12"

-- date
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE date("product"."created_at") = ?
   args: "2024-03-09"

-- year is a range
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE ("product"."created_at" >= ? AND "product"."created_at" < ?)
   args: "2024-01-01", "2025-01-01"

-- year gte
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."created_at" >= ?
   args: "2024-01-01"

-- month day hour minute
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE CAST(strftime('%d', "product"."created_at") AS INTEGER) = ? AND CAST(strftime('%H', "product"."created_at") AS INTEGER) = ? AND CAST(strftime('%M', "product"."created_at") AS INTEGER) = ? AND CAST(strftime('%m', "product"."created_at") AS INTEGER) = ?
   args: int64(9), int64(14), int64(5), int64(3)

-- week_day iso_week_day week quarter
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE ((CAST(strftime('%w', "product"."created_at") AS INTEGER) + 6) % 7 + 1) = ? AND ((CAST(strftime('%m', "product"."created_at") AS INTEGER) + 2) / 3) = ? AND ((CAST(strftime('%j', date("product"."created_at", '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1) = ? AND (CAST(strftime('%w', "product"."created_at") AS INTEGER) + 1) = ?
   args: int64(7), int64(1), int64(10), int64(1)

-- year in extracts
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE CAST(strftime('%Y', "product"."created_at") AS INTEGER) IN (?, ?)
   args: int64(2023), int64(2024)

-- FK by object and by column
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."category_id" = ? AND "product"."category_id" IN (?, ?)
   args: int64(7), int64(7), int64(8)

-- FK by FK value
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."category_id" = ?
   args: int64(7)

-- FK invalid value is IS NULL
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."category_id" IS NULL

-- Or
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."price" < ? OR "product"."status" = ?
   args: int64(100), "published"

-- Not
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."status" = ?)
   args: "draft"

-- Or and And nested
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE ("product"."price" < ? OR "product"."status" = ?) AND "product"."name" GLOB ?
   args: int64(100), "published", "W*"

-- Or of multi-key Q
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE ("product"."price" < ? AND "product"."status" = ?) OR "product"."name" = ?
   args: int64(100), "draft", "x"

-- Not of Or
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."id" = ? OR "product"."id" = ?)
   args: int64(1), int64(2)

-- double Not cancels, no guard
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT (NOT ("product"."description" = ?))
   args: "x"

-- Or drops an empty in
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = ?
   args: "a1"

-- Or of only empty ins sends nothing
(no statement)

-- And with an empty in sends nothing
(no statement)

-- Not of an empty in matches all
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product"

-- empty Q and Or match all
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product"

-- deep nesting
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT (("product"."id" = ? OR NOT ("product"."id" = ?)) AND ("product"."id" = ? OR ("product"."id" = ? AND "product"."name" = ?)))
   args: int64(1), int64(2), int64(3), int64(4), "x"

-- two Filter calls
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."status" = ? AND ("product"."id" = ? OR "product"."id" = ?)
   args: "draft", int64(1), int64(2)

-- exclude on a NOT NULL column
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."status" = ?)
   args: "draft"

-- exclude on a nullable column keeps NULL rows
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."description" GLOB ? AND "product"."description" IS NOT NULL)
   args: "*x*"

-- exclude several
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."description" = ? AND "product"."description" IS NOT NULL AND "product"."status" = ?)
   args: "x", "draft"

-- exclude isnull has no guard
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."description" IS NULL)

-- exclude nil has no guard
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."description" IS NULL)

-- exclude empty in excludes nothing
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product"

-- exclude transform on nullable
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."category_id" > ? AND "product"."category_id" IS NOT NULL)
   args: int64(3)

-- exclude Or
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT (("product"."description" = ? AND "product"."description" IS NOT NULL) OR "product"."status" = ?)
   args: "a", "draft"

-- across a nullable FK: inner join
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" = ?
   args: "Books"

-- across a FK with a lookup
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" LIKE ? ESCAPE '\'
   args: "%book%"

-- FK pk needs no join
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."category_id" = ? AND "product"."category_id" IN (?, ?)
   args: int64(7), int64(1), int64(2)

-- exclude across a nullable FK: left join and guard
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE NOT ("category"."name" = ? AND "category"."name" IS NOT NULL)
   args: "Books"

-- isnull across a FK: left join
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" IS NULL

-- Or across a FK: left join
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" = ? OR "product"."name" = ?
   args: "Books", "x"

-- one join serves two conditions
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" = ? AND "category"."name" GLOB ?
   args: "Books", "B*"

-- non-null FK stays inner under exclude
SELECT "child"."id", "child"."parent_id", "child"."rank" FROM "child" INNER JOIN "small_parent" ON ("child"."parent_id" = "small_parent"."id") WHERE NOT ("small_parent"."code" = ?)
   args: "x"

-- self reference gets T aliases
SELECT "node"."id", "node"."name", "node"."parent_id" FROM "node" INNER JOIN "node" "T2" ON ("node"."parent_id" = "T2"."id") INNER JOIN "node" "T3" ON ("T2"."parent_id" = "T3"."id") WHERE "T2"."name" = ? AND "T3"."name" = ?
   args: "a", "b"

-- F compares columns
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."updated_at" > "product"."created_at"

-- F arithmetic
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."price" < (("product"."id" * ?) + ?)
   args: int64(2), int64(1)

-- F across a FK
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "product"."name" = "category"."name"

-- contains F escapes in SQL
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" GLOB '*' || REPLACE(REPLACE(REPLACE("product"."status", '[', '[[]'), '*', '[*]'), '?', '[?]') || '*'

-- exclude with a nullable F adds its guard
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT ("product"."name" = "product"."description" AND "product"."description" IS NOT NULL)

-- F of an unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- Meta.Ordering by default
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" DESC

-- OrderBy() removes it
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product"

-- OrderBy several
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."name" ASC, "product"."price" DESC, "product"."id" ASC

-- OrderBy random
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY RANDOM()

-- OrderBy across a FK: left join
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") ORDER BY "category"."name" ASC, "product"."id" DESC

-- OrderBy a FK without Meta.Ordering
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."category_id" ASC

-- OrderBy a FK with Meta.Ordering
SELECT "book"."id", "book"."title", "book"."shelf_id", "book"."pages" FROM "book" LEFT OUTER JOIN "shelf" ON ("book"."shelf_id" = "shelf"."id") ORDER BY "shelf"."floor" DESC, "shelf"."label" ASC, "book"."title" ASC

-- OrderBy F nulls last
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."description" DESC NULLS LAST, "product"."name" ASC NULLS FIRST

-- OrderBy an expression
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY ("product"."price" * "product"."id") DESC, "product"."id" ASC

-- Reverse Meta.Ordering
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" ASC

-- Reverse OrderBy with nulls
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."name" DESC, "product"."description" DESC NULLS LAST

-- OrderBy unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- OrderBy injection is an identifier error
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\"; DROP TABLE product; --": part 1: sqlorm/dialect: invalid identifier: "name\"; DROP TABLE product; --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- OrderBy a lookup
   error: sqlorm: invalid query: Product: "name__icontains": Product.name is not a relation, so "icontains" cannot follow it here; give a field path

-- OrderBy a bad type
   error: sqlorm: invalid query: Product: OrderBy(42): int is not a field name, an Expr or an OrderExpr

-- Limit
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" DESC LIMIT 10

-- Limit and Offset
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" DESC LIMIT 10 OFFSET 20

-- Offset alone
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."id" ASC LIMIT -1 OFFSET 5

-- Limit(0) sends nothing
(no statement)

-- Limit negative
   error: sqlorm: invalid query: Product: Limit(-1): negative indexing is not supported

-- Filter after Limit
   error: sqlorm: invalid query: Product: cannot filter a query once a slice has been taken (Limit, Offset)

-- Distinct
SELECT DISTINCT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product"

-- Only
SELECT "product"."id", "product"."name", "product"."price" FROM "product"

-- Defer
SELECT "product"."id", "product"."name", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product"

-- Only unknown
   error: sqlorm: invalid query: Product: Only("nope"): no such field; choices are pk, id, name, description, price, status, category, created_at, updated_at

-- None sends nothing
(no statement)

-- Values
SELECT "product"."name", "product"."price" FROM "product" WHERE "product"."status" = ? ORDER BY "product"."created_at" DESC
   args: "draft"

-- Values of every field
SELECT "book"."id", "book"."title", "book"."shelf_id", "book"."pages" FROM "book"

-- Values across a FK
SELECT "product"."name", "category"."name" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") ORDER BY "product"."name" ASC

-- Values distinct adds ordering columns
SELECT DISTINCT "product"."status", "product"."created_at" FROM "product" ORDER BY "product"."created_at" DESC

-- ValuesList
SELECT "product"."id", "product"."category_id" FROM "product" LIMIT 3

-- ValuesListFlat
SELECT "product"."name" FROM "product" ORDER BY "product"."name" ASC

-- Values unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- Values injection
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\" FROM secret; --": part 1: sqlorm/dialect: invalid identifier: "name\" FROM secret; --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- Values empty in sends nothing
(no statement)

-- Aggregate
SELECT SUM("product"."price") AS "total", AVG("product"."price") AS "average", COUNT("product"."id") AS "id__count", MIN("product"."created_at") AS "created_at__min", MAX("product"."name") AS "name__max" FROM "product" WHERE "product"."status" = ?
   args: "draft"

-- Aggregate Count distinct and *
SELECT COUNT(DISTINCT "product"."category_id") AS "cats", COUNT(*) AS "n" FROM "product"

-- Aggregate Default is COALESCE
SELECT COALESCE(SUM("product"."price"), ?) AS "price__sum", COALESCE(MAX("product"."name"), ?) AS "name__max" FROM "product"
   args: "0.00", "none"

-- Aggregate StdDev and Variance
SELECT ((SUM(CAST("product"."price" AS REAL) * CAST("product"."price" AS REAL)) - SUM(CAST("product"."price" AS REAL)) * SUM(CAST("product"."price" AS REAL)) / COUNT(CAST("product"."price" AS REAL))) / COUNT(CAST("product"."price" AS REAL))) AS "price__stddev", ((SUM(CAST("product"."price" AS REAL) * CAST("product"."price" AS REAL)) - SUM(CAST("product"."price" AS REAL)) * SUM(CAST("product"."price" AS REAL)) / COUNT(CAST("product"."price" AS REAL))) / COUNT(CAST("product"."price" AS REAL))) AS "price__variance", ((SUM(CAST("product"."price" AS REAL) * CAST("product"."price" AS REAL)) - SUM(CAST("product"."price" AS REAL)) * SUM(CAST("product"."price" AS REAL)) / COUNT(CAST("product"."price" AS REAL))) / NULLIF(COUNT(CAST("product"."price" AS REAL)) - 1, 0)) AS "s", ((SUM(CAST("product"."id" AS REAL) * CAST("product"."id" AS REAL)) - SUM(CAST("product"."id" AS REAL)) * SUM(CAST("product"."id" AS REAL)) / COUNT(CAST("product"."id" AS REAL))) / NULLIF(COUNT(CAST("product"."id" AS REAL)) - 1, 0)) AS "v" FROM "product"

-- Aggregate an expression across a FK
SELECT SUM(("product"."price" * "product"."id")) AS "weighted", MAX("category"."name") AS "category__name__max" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id")

-- Aggregate of a slice uses a subquery
SELECT SUM("subquery"."col1") AS "price__sum", COUNT(*) AS "n" FROM (SELECT "product"."id", "product"."price" AS "col1" FROM "product" ORDER BY "product"."price" DESC LIMIT 3) subquery

-- Aggregate empty in sends nothing
(no statement)

-- Aggregate bad alias
   error: sqlorm: invalid query: Product: aggregate alias: sqlorm/dialect: invalid identifier: "x\" FROM secret; --" contains '"' at byte 1; only ASCII letters, digits and underscores are allowed

-- Aggregate MySQL comment alias
   error: sqlorm: invalid query: Product: aggregate alias: sqlorm/dialect: invalid identifier: "x#" contains '#' at byte 1; only ASCII letters, digits and underscores are allowed

-- Aggregate Min Distinct
   error: sqlorm: invalid query: Product: MIN does not allow Distinct

-- Aggregate unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- BulkCreate returns keys
INSERT INTO "product" ("name", "description", "price", "status", "category_id", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?) RETURNING "id"
   args: "a", NULL, "0.00", "draft", NULL, <now>, <now>, "b", NULL, "2.50", "draft", NULL, <now>, <now>, "c", NULL, "0.00", "published", NULL, <now>, <now>

-- BulkCreate with and without keys, batches of 2
INSERT OR IGNORE INTO "shelf" ("id", "label", "floor") VALUES (?, ?, ?)
   args: int64(7), "b", int64(0)
INSERT OR IGNORE INTO "shelf" ("label", "floor") VALUES (?, ?), (?, ?)
   args: "a", int64(0), "c", int64(0)
INSERT OR IGNORE INTO "shelf" ("label", "floor") VALUES (?, ?), (?, ?)
   args: "d", int64(0), "e", int64(0)

-- BulkCreate update conflicts
INSERT INTO "node" ("name", "parent_id") VALUES (?, ?), (?, ?) ON CONFLICT ("name") DO UPDATE SET "parent_id" = EXCLUDED."parent_id" RETURNING "id"
   args: "a", NULL, "b", NULL

-- BulkCreate bad batch size
   error: sqlorm: invalid query: Product: BatchSize(0): the batch size must be a positive integer

-- BulkCreate update conflicts on the key
   error: sqlorm: invalid query: Product: UpdateConflicts cannot update the primary key (id)

-- BulkCreate empty sends nothing
(no statement)

-- BulkUpdate
UPDATE "book" SET "title" = CASE WHEN "book"."id" = ? THEN ? WHEN "book"."id" = ? THEN ? ELSE NULL END, "shelf_id" = CASE WHEN "book"."id" = ? THEN ? WHEN "book"."id" = ? THEN ? ELSE NULL END, "pages" = CASE WHEN "book"."id" = ? THEN ? WHEN "book"."id" = ? THEN ? ELSE NULL END WHERE "book"."id" IN (?, ?)
   args: int64(1), "x", int64(2), "y", int64(1), int64(3), int64(2), NULL, int64(1), NULL, int64(2), NULL, int64(1), int64(2)

-- BulkUpdate unsaved object
   error: sqlorm: invalid query: Book: BulkUpdate: object 0 has no primary key; every object must have been saved

-- BulkUpdate the key
   error: sqlorm: invalid query: Book: BulkUpdate cannot update the primary key (id)

-- GetOrCreate
SELECT "shelf"."id", "shelf"."label", "shelf"."floor" FROM "shelf" WHERE "shelf"."floor" >= ? AND "shelf"."label" = ? LIMIT 21
   args: int64(1), "top"
INSERT INTO "shelf" ("label", "floor") VALUES (?, ?)
   args: "top", int64(3)

-- GetOrCreate unknown default
   error: sqlorm: invalid query: Shelf: GetOrCreate: invalid field name "nope" in defaults; choices are pk, id, label, floor

-- Count
SELECT COUNT(*) FROM "product" WHERE "product"."status" = ?
   args: "draft"

-- Count across a FK
SELECT COUNT(*) FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" = ?
   args: "Books"

-- Count sliced uses a subquery
SELECT COUNT(*) FROM (SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."status" = ? ORDER BY "product"."created_at" DESC LIMIT 5 OFFSET 2) subquery
   args: "draft"

-- Count distinct uses a subquery
SELECT COUNT(*) FROM (SELECT DISTINCT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product") subquery

-- Count empty in sends nothing
(no statement)

-- Exists
SELECT 1 AS "a" FROM "product" WHERE "product"."name" GLOB ? LIMIT 1
   args: "W*"

-- Exists with offset
SELECT 1 AS "a" FROM "product" LIMIT 1 OFFSET 3

-- First uses Meta.Ordering
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" DESC LIMIT 1

-- First without ordering orders by pk
SELECT "category"."id", "category"."name" FROM "category" ORDER BY "category"."id" ASC LIMIT 1

-- Last without ordering
SELECT "category"."id", "category"."name" FROM "category" ORDER BY "category"."id" DESC LIMIT 1

-- Last reverses
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."name" DESC, "product"."id" ASC LIMIT 1

-- First of a slice
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" DESC LIMIT 1 OFFSET 5

-- Earliest and Latest
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" ASC, "product"."id" DESC LIMIT 1
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY "product"."created_at" DESC LIMIT 1

-- Get by pk
SELECT "id", "name", "description", "price", "status", "category_id", "created_at", "updated_at" FROM "product" WHERE "id" = ?
   args: int64(5)

-- Get drops ordering
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."status" = ? AND "product"."name" LIKE ? ESCAPE '\' LIMIT 21
   args: "draft", "w"

-- InBulk
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" IN (?, ?, ?)
   args: int64(1), int64(2), int64(3)

-- InBulk empty sends nothing
(no statement)

-- Update values
UPDATE "product" SET "description" = ?, "price" = ?, "status" = ? WHERE "product"."status" = ?
   args: NULL, "10.00", "published", "draft"

-- Update with F
UPDATE "product" SET "name" = "product"."status", "price" = ("product"."price" * ?)
   args: float64(1.1)

-- Update across a FK uses a subquery
UPDATE "product" SET "category_id" = ? WHERE "product"."id" IN (SELECT "product"."id" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "category"."name" = ?)
   args: NULL, "Books"

-- Update of a relation path is an error
   error: sqlorm: invalid query: Product: Update: cannot update "category__name": no such field (only the model's own fields and foreign keys can be updated); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- Update from a joined F is an error
   error: sqlorm: invalid query: Product: Update "name": joined field references are not permitted (F(category__name) reaches Category through category)

-- Update empty sends nothing
(no statement)

-- Update sliced is an error
   error: sqlorm: invalid query: Product: cannot update a query once a slice has been taken (Limit, Offset)

-- Delete
DELETE FROM "product" WHERE "product"."price" < ?
   args: int64(1)

-- Delete all
SELECT "category"."id" FROM "category"

-- Delete without a condition is an error
   error: sqlorm: invalid query: Category: Delete without a condition would delete every row; filter first, or say Filter(orm.AllRows()) to delete them all

-- Delete with only empty conditions is an error
   error: sqlorm: invalid query: Category: Delete without a condition would delete every row; filter first, or say Filter(orm.AllRows()) to delete them all

-- Delete with a nil condition is an error
   error: sqlorm: invalid query: Filter: a nil Condition; it would match every row. Give a condition (orm.Q{...}), orm.AllRows() to mean every row, or leave the argument out

-- Delete excluding an empty in deletes every row
SELECT "category"."id" FROM "category"

-- Update without a condition is an error
   error: sqlorm: invalid query: Product: Update without a condition would change every row; filter first, or say Filter(orm.AllRows()) to update them all

-- Update with a nil condition inside Or is an error
   error: sqlorm: invalid query: Or: a nil Condition; it would match every row. Give a condition (orm.Q{...}), orm.AllRows() to mean every row, or leave the argument out

-- Or leaves out an empty Q
DELETE FROM "product" WHERE "product"."name" = ?
   args: "a"

-- Not of an empty Q is no condition
SELECT COUNT(*) FROM "product" WHERE "product"."name" = ?
   args: "a"

-- Delete across a FK uses a subquery
DELETE FROM "product" WHERE "product"."id" IN (SELECT "product"."id" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE NOT ("category"."name" = ? AND "category"."name" IS NOT NULL))
   args: "Books"

-- Delete empty in sends nothing
(no statement)

-- Lower Upper Length as values
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" > (LENGTH("product"."name")) AND "product"."name" = (LOWER("product"."status")) AND "product"."status" = (UPPER("product"."name"))

-- Coalesce of a nullable field and a value
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = (COALESCE("product"."description", ?))
   args: "none"

-- Coalesce of three
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = (COALESCE("product"."description", "product"."status", "product"."name"))

-- Concat of fields and a value
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = ((COALESCE("product"."status", '') || COALESCE(?, '') || COALESCE("product"."id", '')))
   args: " "

-- Now compared with a datetime
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."created_at" < (STRFTIME('%Y-%m-%d %H:%M:%f000+00:00', 'now'))

-- function of a joined field
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "product"."name" = (LOWER("category"."name"))

-- text functions
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" = (INSTR("product"."name", ?)) AND "product"."name" = ((COALESCE(SUBSTR("product"."name", 1, ?), '') || COALESCE(SUBSTR("product"."status", -(?)), '') || COALESCE(SUBSTR("product"."name", ?, ?), '') || COALESCE(SUBSTR("product"."name", ?), '') || COALESCE(TRIM("product"."status"), '') || COALESCE(LTRIM("product"."status"), '') || COALESCE(RTRIM("product"."status"), '') || COALESCE(REPLACE("product"."name", ?, ?), '')))
   args: "x", int64(2), int64(3), int64(2), int64(3), int64(4), "a", ""

-- number functions
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."price" = (MAX("product"."price", ABS(("product"."price" - ?)), MIN("product"."price", ?))) AND "product"."status" = (NULLIF("product"."status", ?))
   args: int64(10), int64(5), "x"

-- Extract
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" = (CAST(strftime('%Y', "product"."created_at") AS INTEGER)) AND "product"."price" > ((CAST(strftime('%w', (STRFTIME('%Y-%m-%d %H:%M:%f000+00:00', 'now'))) AS INTEGER) + 1))

-- Extract of an unknown part
   error: sqlorm: invalid query: Extract(created_at, "decade"): no such part; choices are year, iso_year, quarter, month, week, day, week_day, iso_week_day, hour, minute, second (in a query of Product)

-- Extract of a text field
   error: sqlorm: invalid query: Product: Extract(F(name), "year"): sqlorm/lookups: unknown lookup: "year" does not apply to CharField; it applies to DateField and DateTimeField (in "id")

-- a function given a bool for a count
   error: sqlorm: invalid query: Product: Left: argument 2, true (bool), is not an integer (in "name")

-- a function given text for a count
   error: sqlorm: invalid query: Product: Substr: argument 3, "x" (string), is not an integer (in "name")

-- nested functions
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = (UPPER((COALESCE(LOWER("product"."status"), '') || COALESCE(COALESCE("product"."description", ?), ''))))
   args: ""

-- OrderBy Lower desc nulls last
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY LOWER("product"."description") DESC NULLS LAST, LENGTH("product"."name") ASC

-- Update with functions
UPDATE "product" SET "name" = UPPER((COALESCE("product"."name", '') || COALESCE(?, '') || COALESCE("product"."status", ''))), "updated_at" = STRFTIME('%Y-%m-%d %H:%M:%f000+00:00', 'now') WHERE "product"."id" = ?
   args: "-", int64(1)

-- Aggregate of a function
SELECT MAX(LENGTH("product"."name")) AS "longest" FROM "product"

-- function of an unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- function injection is an identifier error
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\") FROM x; --": part 1: sqlorm/dialect: invalid identifier: "name\") FROM x; --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- Case as a lookup value
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."status" = (CASE WHEN "product"."price" >= ? THEN ? ELSE ? END)
   args: int64(100), "published", "draft"

-- Case in Update
UPDATE "product" SET "price" = CASE WHEN "product"."status" = ? THEN ("product"."price" * ?) WHEN "product"."name" GLOB ? OR NOT ("product"."description" IS NULL) THEN ? ELSE "product"."price" END
   args: "draft", int64(2), "W*", int64(5)

-- Case in OrderBy across a FK
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") ORDER BY CASE WHEN "category"."name" = ? THEN ? ELSE ? END ASC, "product"."name" ASC
   args: "Books", int64(1), int64(2)

-- Sum of a Case: conditional aggregation
SELECT SUM(CASE WHEN "product"."status" = ? THEN "product"."price" ELSE ? END) AS "published_total", SUM(CASE WHEN "product"."status" = ? THEN ? ELSE ? END) AS "drafts" FROM "product"
   args: "published", int64(0), "draft", int64(1), int64(0)

-- Case without Default, When with an empty in dropped
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = (CASE WHEN "product"."id" = ? THEN "product"."status" END)
   args: int64(2)

-- Case of only never-matching Whens is its Default
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."name" = ("product"."status")

-- Case When of an empty Q is an error
   error: sqlorm: invalid query: When(map[], ...): an empty condition would match every row; give a condition, or use Default for the value every other row gets (in a query of Product)

-- Case with two Defaults is an error
   error: sqlorm: invalid query: Case: Default is given twice (a and b) (in a query of Product)

-- Case When of an unknown field is an error
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- Case value out of the compared field's range is an error
   error: sqlorm: invalid query: Product: 18446744073709551615 compared with or stored in Product.id: sqlorm: invalid query: Product.id: 18446744073709551615 (uint64) is not a valid value: id is an integer: out of the 64-bit integer range (in "id")

-- Exists with OuterRef
SELECT "category"."id", "category"."name" FROM "category" WHERE "category"."name" GLOB ? AND EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."category_id" = "category"."id" AND "U0"."price" > ? LIMIT 1)
   args: "B*", int64(100)

-- Exclude Exists and Or of Exists
SELECT "category"."id", "category"."name" FROM "category" WHERE NOT (EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."category_id" = "category"."id" LIMIT 1)) AND ("category"."name" = ? OR NOT (EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."category_id" = "category"."id" AND "U0"."status" = ? LIMIT 1)))
   args: "x", "draft"

-- Exists of an empty in sends nothing
(no statement)

-- in Subquery of ValuesList
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."category_id" IN (SELECT "U0"."id" FROM "category" "U0" WHERE "U0"."name" LIKE ? ESCAPE '\') AND "product"."status" = ?
   args: "%book%", "draft"

-- in Subquery of a QuerySet selects its key
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" IN (SELECT "U0"."id" FROM "product" "U0" WHERE "U0"."name" = ?)
   args: "x"

-- scalar Subquery sliced with OuterRef across a FK
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") WHERE "product"."price" > (SELECT "U0"."price" FROM "product" "U0" INNER JOIN "category" "U1" ON ("U0"."category_id" = "U1"."id") WHERE "U1"."name" = "category"."name" ORDER BY "U0"."price" DESC LIMIT 1 OFFSET 1)

-- nested subqueries get U and V aliases
SELECT "node"."id", "node"."name", "node"."parent_id" FROM "node" WHERE "node"."name" = ? AND EXISTS (SELECT 1 AS "a" FROM "node" "U0" INNER JOIN "node" "U1" ON ("U0"."parent_id" = "U1"."id") WHERE "U0"."parent_id" = "node"."id" AND "U1"."name" = ? AND EXISTS (SELECT 1 AS "a" FROM "node" "V0" WHERE "V0"."name" = "U1"."name" AND "V0"."parent_id" = "U0"."id" LIMIT 1) LIMIT 1)
   args: "a", "b"

-- Subquery in Update and Coalesce
UPDATE "category" SET "name" = COALESCE((SELECT "U0"."name" FROM "product" "U0" WHERE "U0"."category_id" = "category"."id" ORDER BY "U0"."price" DESC LIMIT 1), "category"."name") WHERE "category"."id" > ?
   args: int64(3)

-- Subquery in OrderBy
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" ORDER BY (SELECT "U0"."name" FROM "category" "U0" WHERE "U0"."id" = "product"."category_id") DESC

-- Exists in a Case When
SELECT SUM(CASE WHEN EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."category_id" = "category"."id" LIMIT 1) THEN ? ELSE ? END) AS "used" FROM "category"
   args: int64(1), int64(0)

-- Subquery of none matches nothing
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE "product"."id" IN (SELECT "U0"."id" FROM "product" "U0" WHERE 1 = 0)

-- OuterRef outside a subquery is an error
   error: sqlorm: invalid query: Product: OuterRef("name") is only valid inside a query given to Subquery or Exists

-- OuterRef of an unknown outer field is an error
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used) (OuterRef("nope") in a subquery over Category refers to the enclosing Product)

-- Subquery of two columns is an error
   error: sqlorm: invalid query: Product: a subquery of Product used as a value must select exactly one column, and it selects 2; use ValuesList with one field (in "id__in")

-- Subquery of all Values is an error
   error: sqlorm: invalid query: Product: a subquery of Product used as a value must select exactly one column, and it selects 8; use ValuesList with one field (in "id__in")

-- Subquery with an inner mistake is an error
   error: sqlorm: invalid query: Product: Limit(-1): negative indexing is not supported (in a subquery of Product) (in "id__in")

-- Subquery of an unknown inner field is an error
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used) (in "id__in")

-- Subquery(nil) is an error
   error: sqlorm: invalid query: Subquery(nil): give a QuerySet, Values or ValuesList (in a query of Product)

-- unknown field
   error: sqlorm: invalid query: Product has no field "nme" (in "nme__icontains"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- unknown lookup
   error: sqlorm: invalid query: Product: "name__icontain" on Product.name: sqlorm/lookups: unknown lookup: "icontain"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- unknown field after a FK
   error: sqlorm: invalid query: Product: "category__nme": "nme" is neither a field of Category (choices are pk, id, name; reverse relations products) nor a lookup: sqlorm/lookups: unknown lookup: "nme"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- lookup not last
   error: sqlorm: invalid query: Product: "name__exact__in" on Product.name: sqlorm/lookups: unknown lookup: "exact" is a lookup and must come last (in "exact__in"); transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- transform on the wrong kind
   error: sqlorm: invalid query: Product: "name__year": sqlorm/lookups: unknown lookup: "year" does not apply to CharField; it applies to DateField and DateTimeField

-- injection in a key
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\") OR 1=1 --": part 1: sqlorm/dialect: invalid identifier: "name\") OR 1=1 --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- _connector key
   error: sqlorm: invalid query: Product has no field "_connector" (in "_connector"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- isnull with a string
   error: sqlorm: invalid query: Product: "description__isnull": sqlorm/lookups: invalid lookup value: isnull: needs true or false; got string

-- range of one value
   error: sqlorm: invalid query: Product: "price__range": sqlorm/lookups: invalid lookup value: range: needs exactly two values (low, high); got 1

-- in of a scalar
   error: sqlorm: invalid query: Product: "id__in": sqlorm/lookups: invalid lookup value: in: needs a slice or array of values; got int

-- fractional float equal to an integer
   error: sqlorm: invalid query: Product: "id": sqlorm/lookups: invalid lookup value: exact: 1.5 has a fractional part and cannot equal an integer

-- reverse: filter across related_name is an INNER JOIN
SELECT "category"."id", "category"."name" FROM "category" INNER JOIN "product" ON ("category"."id" = "product"."category_id") WHERE "product"."price" > ?
   args: int64(10)

-- reverse: one Filter shares the join, a second Filter gets its own
SELECT "category"."id", "category"."name" FROM "category" INNER JOIN "product" ON ("category"."id" = "product"."category_id") INNER JOIN "product" "T3" ON ("category"."id" = "T3"."category_id") WHERE "product"."price" > ? AND "product"."status" = ? AND "T3"."name" GLOB ?
   args: int64(10), "draft", "W*"

-- reverse: default query name is the lowercased model
SELECT "author"."id", "author"."name" FROM "author" INNER JOIN "post" ON ("author"."id" = "post"."editor_id") INNER JOIN "post" "T3" ON ("author"."id" = "T3"."author_id") WHERE "post"."score" >= ? AND "T3"."title" LIKE ? ESCAPE '\'
   args: int64(3), "%go%"

-- reverse: path ending at the relation compares its key
SELECT "author"."id", "author"."name" FROM "author" INNER JOIN "post" ON ("author"."id" = "post"."author_id") WHERE "post"."id" IN (?, ?)
   args: int64(1), int64(2)

-- reverse: isnull true is a LEFT OUTER JOIN
SELECT "category"."id", "category"."name" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") WHERE "product"."id" IS NULL

-- reverse: Or promotes to LEFT OUTER
SELECT "category"."id", "category"."name" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") WHERE "category"."name" = ? OR "product"."price" < ?
   args: "Books", int64(5)

-- reverse then forward, and self reference
SELECT "author"."id", "author"."name" FROM "author" INNER JOIN "post" ON ("author"."id" = "post"."author_id") INNER JOIN "post" "T3" ON ("post"."id" = "T3"."reply_id") INNER JOIN "author" "T4" ON ("T3"."author_id" = "T4"."id") WHERE "T4"."name" = ?
   args: "ann"

-- forward then reverse
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" INNER JOIN "category" ON ("product"."category_id" = "category"."id") INNER JOIN "product" "T3" ON ("category"."id" = "T3"."category_id") WHERE "T3"."name" = ?
   args: "Widget"

-- reverse: Exclude is NOT EXISTS, not a join
SELECT "category"."id", "category"."name" FROM "category" WHERE NOT (EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."price" > ? AND "U0"."category_id" = "category"."id" LIMIT 1))
   args: int64(10)

-- reverse: Exclude of two lookups gets two subqueries
SELECT "category"."id", "category"."name" FROM "category" WHERE NOT ("category"."name" = ? AND EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."price" > ? AND "U0"."category_id" = "category"."id" LIMIT 1) AND EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."status" = ? AND "U0"."category_id" = "category"."id" LIMIT 1))
   args: "x", int64(10), "draft"

-- reverse: Not in Filter is NOT EXISTS too; isnull false
SELECT "category"."id", "category"."name" FROM "category" WHERE NOT (EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."category_id" = "category"."id" LIMIT 1))

-- reverse: Exclude after a forward key refers to its column
SELECT "product"."id", "product"."name", "product"."description", "product"."price", "product"."status", "product"."category_id", "product"."created_at", "product"."updated_at" FROM "product" WHERE NOT (EXISTS (SELECT 1 AS "a" FROM "product" "U0" WHERE "U0"."status" = ? AND "U0"."category_id" = "product"."category_id" LIMIT 1))
   args: "draft"

-- reverse: Exclude two levels deep
SELECT "author"."id", "author"."name" FROM "author" WHERE NOT (EXISTS (SELECT 1 AS "a" FROM "post" "U0" INNER JOIN "post" "U1" ON ("U0"."id" = "U1"."reply_id") WHERE "U1"."score" < ? AND "U0"."author_id" = "author"."id" LIMIT 1))
   args: int64(0)

-- reverse: unknown name lists the known ones
   error: sqlorm: invalid query: Category has no field "product" (in "product__price"); choices are pk, id, name; reverse relations products (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- reverse: unknown field after a reverse relation
   error: sqlorm: invalid query: Category: "products__nope": "nope" is neither a field of Product (choices are pk, id, name, description, price, status, category, created_at, updated_at) nor a lookup: sqlorm/lookups: unknown lookup: "nope"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- annotate: Count of a reverse relation, HAVING, ordered by it
SELECT "category"."id", "category"."name", COUNT("product"."id") AS "n" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") WHERE "category"."name" GLOB ? GROUP BY "category"."id", "category"."name" HAVING (COUNT("product"."id")) > ? ORDER BY COUNT("product"."id") DESC
   args: "B*", int64(10)

-- annotate: a filter before reuses the join, one after gets its own
SELECT "category"."id", "category"."name", SUM("product"."price") AS "total" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") INNER JOIN "product" "T3" ON ("category"."id" = "T3"."category_id") WHERE "product"."status" = ? AND "T3"."price" > ? GROUP BY "category"."id", "category"."name"
   args: "published", int64(1)

-- annotate: expression, Or on an aggregate in HAVING
SELECT "category"."id", "category"."name", COUNT(DISTINCT "product"."id") AS "n", UPPER("category"."name") AS "upper" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") WHERE (UPPER("category"."name")) = ? GROUP BY "category"."id", "category"."name", UPPER("category"."name") HAVING (COUNT(DISTINCT "product"."id")) = ? OR (COUNT(DISTINCT "product"."id")) >= ?
   args: "BOOKS", int64(0), int64(5)

-- annotate: Count after Annotate is a subquery
SELECT COUNT(*) FROM (SELECT "category"."id", "category"."name", COUNT("product"."id") AS "n" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") GROUP BY "category"."id", "category"."name" HAVING (COUNT("product"."id")) > ?) subquery
   args: int64(1)

-- annotate: Values Annotate groups by the values
SELECT "category"."name", SUM("product"."price") AS "total", COUNT(*) AS "n" FROM "product" LEFT OUTER JOIN "category" ON ("product"."category_id" = "category"."id") GROUP BY "category"."name" HAVING (SUM("product"."price")) > ? ORDER BY SUM("product"."price") DESC
   args: int64(100)

-- annotate: Annotate then Values groups by the model
SELECT "category"."name", COUNT("product"."id") AS "n" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") GROUP BY "category"."id", "category"."name"

-- annotate: a Filter before the Annotate cannot name it
   error: sqlorm: invalid query: Category has no field "n" (in "n__gt"); choices are pk, id, name; reverse relations products (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- annotate: name clashing with a field is an error
   error: sqlorm: invalid query: Category: the annotation "name" conflicts with a field of Category; name it otherwise with As

-- annotate: a lookup on an expression annotation is in WHERE, on an aggregate in HAVING
SELECT "author"."id", "author"."name", LOWER("author"."name") AS "lname", COUNT("post"."id") AS "n" FROM "author" LEFT OUTER JOIN "post" ON ("author"."id" = "post"."author_id") WHERE (LOWER("author"."name")) = ? GROUP BY "author"."id", "author"."name", LOWER("author"."name") HAVING (COUNT("post"."id")) > ?
   args: "ada", int64(1)

-- annotate: Exclude on an expression annotation
SELECT "author"."id", "author"."name", LOWER("author"."name") AS "lname" FROM "author" WHERE NOT ((LOWER("author"."name")) GLOB ?) ORDER BY LOWER("author"."name") ASC
   args: "a*"

-- annotate: Aggregate after Annotate reads a subquery
SELECT AVG("subquery"."n") AS "avg_n", MAX("subquery"."n") AS "max_n", COUNT(*) AS "groups", COALESCE(SUM("subquery"."id"), ?) AS "ids" FROM (SELECT "category"."id", "category"."name", COUNT("product"."id") AS "n" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") GROUP BY "category"."id", "category"."name" HAVING (COUNT("product"."id")) > ?) subquery
   args: int64(0), int64(1)

-- annotate: Aggregate after a sliced Annotate with an expression
SELECT COALESCE(SUM("subquery"."n"), ?) AS "top" FROM (SELECT "category"."id", "category"."name", COUNT("product"."id") AS "n", UPPER("category"."name") AS "upper" FROM "category" LEFT OUTER JOIN "product" ON ("category"."id" = "product"."category_id") WHERE (UPPER("category"."name")) GLOB ? GROUP BY "category"."id", "category"."name", UPPER("category"."name") ORDER BY COUNT("product"."id") DESC LIMIT 3) subquery
   args: int64(0), "B*"

-- annotate: Aggregate of a related field after Annotate is an error
   error: sqlorm: invalid query: Category: SUM("products__price") after Annotate: an aggregate there reads an annotation or a field of Category by name (the annotated rows are a subquery); annotate the expression first

-- select_related: nullable key is LEFT OUTER, nested path
SELECT "post"."id", "post"."title", "post"."author_id", "post"."editor_id", "post"."reply_id", "post"."score", "author"."id", "author"."name", "T3"."id", "T3"."title", "T3"."author_id", "T3"."editor_id", "T3"."reply_id", "T3"."score", "T4"."id", "T4"."name" FROM "post" INNER JOIN "author" ON ("post"."author_id" = "author"."id") LEFT OUTER JOIN "post" "T3" ON ("post"."reply_id" = "T3"."id") LEFT OUTER JOIN "author" "T4" ON ("T3"."editor_id" = "T4"."id") WHERE "post"."score" > ?
   args: int64(1)

-- select_related: with Annotate groups by the related columns too
SELECT "post"."id", "post"."title", "post"."author_id", "post"."editor_id", "post"."reply_id", "post"."score", "author"."id", "author"."name", COUNT("T2"."id") AS "n" FROM "post" LEFT OUTER JOIN "post" "T2" ON ("post"."id" = "T2"."reply_id") INNER JOIN "author" ON ("post"."author_id" = "author"."id") GROUP BY "post"."id", "post"."title", "post"."author_id", "post"."editor_id", "post"."reply_id", "post"."score", "author"."id", "author"."name"

-- select_related: a reverse relation is an error
   error: sqlorm: invalid query: Author: SelectRelated("post"): "post" is not a foreign key of Author (a reverse relation is multi-valued: use PrefetchRelated); choices are (none)

-- prefetch_related: reverse, then forward
SELECT "author"."id", "author"."name" FROM "author"
SELECT "post"."id", "post"."title", "post"."author_id", "post"."editor_id", "post"."reply_id", "post"."score" FROM "post" WHERE "post"."author_id" IN (?, ?) ORDER BY "post"."id" ASC
   args: int64(1), int64(2)
SELECT "author"."id", "author"."name" FROM "author" WHERE "author"."id" IN (?) ORDER BY "author"."id" ASC
   args: int64(2)

-- prefetch_related: without a Reverse field is an error
   error: sqlorm: invalid query: Category: PrefetchRelated("products"): Category has no field to hold the Product rows; declare one: Products orm.Reverse[Product] `orm:"related=products"`

-- m2m: filter joins the join table and the related table
SELECT "article"."id", "article"."title" FROM "article" INNER JOIN "article_labels" ON ("article"."id" = "article_labels"."article_id") INNER JOIN "label" ON ("article_labels"."label_id" = "label"."id") WHERE "label"."name" = ?
   args: "go"

-- m2m: a path ending at the relation compares the join table's key
SELECT "article"."id", "article"."title" FROM "article" INNER JOIN "article_labels" ON ("article"."id" = "article_labels"."article_id") INNER JOIN "article_labels" "T3" ON ("article"."id" = "T3"."article_id") WHERE "article_labels"."label_id" IN (?, ?) AND "T3"."label_id" = ?
   args: int64(1), int64(2), int64(3)

-- m2m: reverse side through related_name
SELECT "label"."id", "label"."name" FROM "label" INNER JOIN "article_labels" ON ("label"."id" = "article_labels"."label_id") INNER JOIN "article" ON ("article_labels"."article_id" = "article"."id") WHERE "article"."title" GLOB ? ORDER BY "label"."name" ASC
   args: "x*"

-- m2m: Exclude is NOT EXISTS over the join table
SELECT "article"."id", "article"."title" FROM "article" WHERE NOT (EXISTS (SELECT 1 AS "a" FROM "article_labels" "U0" INNER JOIN "label" "U1" ON ("U0"."label_id" = "U1"."id") WHERE "U1"."name" = ? AND "U0"."article_id" = "article"."id" LIMIT 1))
   args: "go"

-- m2m: Exclude isnull on the reverse side
SELECT "label"."id", "label"."name" FROM "label" WHERE NOT (NOT (EXISTS (SELECT 1 AS "a" FROM "article_labels" "U0" WHERE "U0"."label_id" = "label"."id" LIMIT 1))) ORDER BY "label"."name" ASC

-- m2m: relation to self
SELECT "person"."id", "person"."name" FROM "person" INNER JOIN "person_friend" ON ("person"."id" = "person_friend"."from_person_id") INNER JOIN "person" "T3" ON ("person_friend"."to_person_id" = "T3"."id") INNER JOIN "person_friend" "T4" ON ("person"."id" = "T4"."to_person_id") INNER JOIN "person" "T5" ON ("T4"."from_person_id" = "T5"."id") WHERE "T3"."name" = ? AND "T5"."name" = ?
   args: "ann", "bob"

-- m2m: Annotate Count
SELECT "article"."id", "article"."title", COUNT("article_labels"."label_id") AS "n" FROM "article" LEFT OUTER JOIN "article_labels" ON ("article"."id" = "article_labels"."article_id") GROUP BY "article"."id", "article"."title" HAVING (COUNT("article_labels"."label_id")) > ?
   args: int64(1)

-- m2m: PrefetchRelated joins the join table
SELECT "article"."id", "article"."title" FROM "article"
SELECT "article_labels"."id", "article_labels"."article_id", "article_labels"."label_id", "label"."id", "label"."name" FROM "article_labels" INNER JOIN "label" ON ("article_labels"."label_id" = "label"."id") WHERE "article_labels"."article_id" IN (?, ?) ORDER BY "label"."name" ASC
   args: int64(1), int64(2)

-- m2m: PrefetchRelated of the reverse side
SELECT "label"."id", "label"."name" FROM "label" ORDER BY "label"."name" ASC
SELECT "article_labels"."id", "article_labels"."article_id", "article_labels"."label_id", "article"."id", "article"."title" FROM "article_labels" INNER JOIN "article" ON ("article_labels"."article_id" = "article"."id") WHERE "article_labels"."label_id" IN (?) ORDER BY "article_labels"."article_id" ASC
   args: int64(3)

-- m2m: Add inserts the new pairs (Oracle reads the present ones first)
INSERT OR IGNORE INTO "article_labels" ("article_id", "label_id") VALUES (?, ?), (?, ?)
   args: int64(1), int64(2), int64(1), int64(3)

-- m2m: Remove
DELETE FROM "article_labels" WHERE "article_id" = ? AND "label_id" IN (?, ?)
   args: int64(1), int64(2), int64(3)

-- m2m: Clear
DELETE FROM "article_labels" WHERE "article_id" = ?
   args: int64(1)

-- m2m: Set reads the pairs, deletes the gone, adds the new
SELECT "label_id" FROM "article_labels" WHERE "article_id" = ?
   args: int64(1)
DELETE FROM "article_labels" WHERE "article_id" = ? AND "label_id" IN (?)
   args: int64(1), int64(5)
INSERT OR IGNORE INTO "article_labels" ("article_id", "label_id") VALUES (?, ?)
   args: int64(1), int64(3)

-- m2m: Query is an IN subquery on the join table
SELECT "label"."id", "label"."name" FROM "label" WHERE "label"."id" IN (SELECT "U0"."label_id" FROM "article_labels" "U0" WHERE "U0"."article_id" = ?) AND "label"."name" GLOB ? ORDER BY "label"."name" ASC
   args: int64(1), "g*"

-- m2m: SelectRelated of a many-to-many is an error
   error: sqlorm: invalid query: Article: SelectRelated("labels"): "labels" is not a foreign key of Article (a many-to-many relation is multi-valued: use PrefetchRelated); choices are (none)

-- m2m: unknown field after the relation
   error: sqlorm: invalid query: Article: "labels__nope": "nope" is neither a field of Label (choices are pk, id, name; reverse relations articles) nor a lookup: sqlorm/lookups: unknown lookup: "nope"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- m2m: unknown relation name
   error: sqlorm: invalid query: M2M[Label](*Article, "tags"): Article has no many-to-many relation "tags"; they are labels (the reverse side of another model's ManyToMany is known once that model is registered with orm.Register or used)

-- m2m: unsaved object
   error: sqlorm: invalid query: Article.labels.Add: the Label has not been saved (its ID is zero); save it first

-- one-to-one: reverse lookup is a join
SELECT "account"."id", "account"."login" FROM "account" INNER JOIN "profile" ON ("account"."id" = "profile"."account_id") WHERE "profile"."bio" LIKE ? ESCAPE '\' AND "profile"."id" > ?
   args: "%go%", int64(1)

-- one-to-one: Exclude on the reverse side is a LEFT OUTER JOIN, not NOT EXISTS
SELECT "account"."id", "account"."login" FROM "account" LEFT OUTER JOIN "profile" ON ("account"."id" = "profile"."account_id") WHERE NOT ("profile"."bio" = ? AND "profile"."bio" IS NOT NULL)
   args: "x"

-- one-to-one: forward lookup and SelectRelated
SELECT "profile"."id", "profile"."account_id", "profile"."bio", "account"."id", "account"."login" FROM "profile" INNER JOIN "account" ON ("profile"."account_id" = "account"."id") WHERE "account"."login" = ?
   args: "ann"

-- one-to-one: ReverseOne
SELECT "profile"."id", "profile"."account_id", "profile"."bio" FROM "profile" WHERE "profile"."account_id" = ? LIMIT 21
   args: int64(4)
