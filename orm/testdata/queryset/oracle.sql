-- Golden QuerySet SQL for dialect oracle. Regenerate: go test ./orm -run TestGoldenQuerySet -update

-- exact, keys sorted
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = :1 AND "PRODUCT"."STATUS" = :2
   args: "Widget", "draft"

-- exact nil is IS NULL
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."DESCRIPTION" IS NULL

-- exact typed nil pointer is IS NULL
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."DESCRIPTION" IS NULL

-- exact invalid sql.Null is IS NULL
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."DESCRIPTION" IS NULL

-- nil with gt is an error
   error: sqlorm: invalid query: Product: "price__gt": sqlorm/lookups: invalid lookup value: gt: cannot compare with nil; use exact (IS NULL) or isnull

-- iexact
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE UPPER("PRODUCT"."NAME") = UPPER(:1)
   args: "wid%get"

-- contains escapes % _ \
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "%50\\%\\_off\\\\%"

-- icontains
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE UPPER("PRODUCT"."NAME") LIKE UPPER(TRANSLATE(:1 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "%Widget%"

-- startswith
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "Wid%"

-- istartswith
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE UPPER("PRODUCT"."NAME") LIKE UPPER(TRANSLATE(:1 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "wid%"

-- endswith
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "%get"

-- iendswith
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE UPPER("PRODUCT"."NAME") LIKE UPPER(TRANSLATE(:1 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "%GET"

-- regex
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE REGEXP_LIKE("PRODUCT"."NAME", :1, 'c')
   args: "^W.*t$"

-- iregex
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE REGEXP_LIKE("PRODUCT"."NAME", :1, 'i')
   args: "^w"

-- in drops nil and duplicates
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" IN (:1, :2)
   args: int64(3), int64(1)

-- in empty sends nothing
(no statement)

-- in of only nil sends nothing
(no statement)

-- gt gte lt lte
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" < :1 AND "PRODUCT"."ID" <= :2 AND "PRODUCT"."PRICE" > :3 AND "PRODUCT"."PRICE" >= :4
   args: int64(10), int64(9), int64(1), "2.50"

-- integer gte rounds a float up
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" >= :1
   args: int64(6)

-- range
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."PRICE" BETWEEN :1 AND :2
   args: int64(10), int64(20)

-- isnull true and false
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CATEGORY_ID" IS NOT NULL AND "PRODUCT"."DESCRIPTION" IS NULL

-- text field compared with a number
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = :1
   args: "12"

-- date
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE TRUNC("PRODUCT"."CREATED_AT") = :1
   args: time(2024-03-09T00:00:00Z)

-- year is a range
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CREATED_AT" BETWEEN :1 AND :2
   args: time(2024-01-01T00:00:00Z), time(2024-12-31T23:59:59.999999Z)

-- year gte
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CREATED_AT" >= :1
   args: time(2024-01-01T00:00:00Z)

-- month day hour minute
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE EXTRACT(DAY FROM "PRODUCT"."CREATED_AT") = :1 AND EXTRACT(HOUR FROM "PRODUCT"."CREATED_AT") = :2 AND EXTRACT(MINUTE FROM "PRODUCT"."CREATED_AT") = :3 AND EXTRACT(MONTH FROM "PRODUCT"."CREATED_AT") = :4
   args: int64(9), int64(14), int64(5), int64(3)

-- week_day iso_week_day week quarter
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE (TRUNC("PRODUCT"."CREATED_AT") - TRUNC("PRODUCT"."CREATED_AT", 'IW') + 1) = :1 AND TO_NUMBER(TO_CHAR("PRODUCT"."CREATED_AT", 'Q')) = :2 AND TO_NUMBER(TO_CHAR("PRODUCT"."CREATED_AT", 'IW')) = :3 AND (MOD(TRUNC("PRODUCT"."CREATED_AT") - TRUNC("PRODUCT"."CREATED_AT", 'IW') + 1, 7) + 1) = :4
   args: int64(7), int64(1), int64(10), int64(1)

-- year in extracts
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE EXTRACT(YEAR FROM "PRODUCT"."CREATED_AT") IN (:1, :2)
   args: int64(2023), int64(2024)

-- FK by object and by column
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CATEGORY_ID" = :1 AND "PRODUCT"."CATEGORY_ID" IN (:2, :3)
   args: int64(7), int64(7), int64(8)

-- FK by FK value
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CATEGORY_ID" = :1
   args: int64(7)

-- FK invalid value is IS NULL
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CATEGORY_ID" IS NULL

-- Or
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."PRICE" < :1 OR "PRODUCT"."STATUS" = :2
   args: int64(100), "published"

-- Not
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."STATUS" = :1)
   args: "draft"

-- Or and And nested
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE ("PRODUCT"."PRICE" < :1 OR "PRODUCT"."STATUS" = :2) AND "PRODUCT"."NAME" LIKE TRANSLATE(:3 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: int64(100), "published", "W%"

-- Or of multi-key Q
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE ("PRODUCT"."PRICE" < :1 AND "PRODUCT"."STATUS" = :2) OR "PRODUCT"."NAME" = :3
   args: int64(100), "draft", "x"

-- Not of Or
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."ID" = :1 OR "PRODUCT"."ID" = :2)
   args: int64(1), int64(2)

-- double Not cancels, no guard
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT (NOT (DBMS_LOB.SUBSTR("PRODUCT"."DESCRIPTION") = :1))
   args: "x"

-- Or drops an empty in
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = :1
   args: "a1"

-- Or of only empty ins sends nothing
(no statement)

-- And with an empty in sends nothing
(no statement)

-- Not of an empty in matches all
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT"

-- empty Q and Or match all
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT"

-- deep nesting
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT (("PRODUCT"."ID" = :1 OR NOT ("PRODUCT"."ID" = :2)) AND ("PRODUCT"."ID" = :3 OR ("PRODUCT"."ID" = :4 AND "PRODUCT"."NAME" = :5)))
   args: int64(1), int64(2), int64(3), int64(4), "x"

-- two Filter calls
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = :1 AND ("PRODUCT"."ID" = :2 OR "PRODUCT"."ID" = :3)
   args: "draft", int64(1), int64(2)

-- exclude on a NOT NULL column
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."STATUS" = :1)
   args: "draft"

-- exclude on a nullable column keeps NULL rows
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT (DBMS_LOB.SUBSTR("PRODUCT"."DESCRIPTION") LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) AND "PRODUCT"."DESCRIPTION" IS NOT NULL)
   args: "%x%"

-- exclude several
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT (DBMS_LOB.SUBSTR("PRODUCT"."DESCRIPTION") = :1 AND "PRODUCT"."DESCRIPTION" IS NOT NULL AND "PRODUCT"."STATUS" = :2)
   args: "x", "draft"

-- exclude isnull has no guard
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."DESCRIPTION" IS NULL)

-- exclude nil has no guard
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."DESCRIPTION" IS NULL)

-- exclude empty in excludes nothing
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT"

-- exclude transform on nullable
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."CATEGORY_ID" > :1 AND "PRODUCT"."CATEGORY_ID" IS NOT NULL)
   args: int64(3)

-- exclude Or
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ((DBMS_LOB.SUBSTR("PRODUCT"."DESCRIPTION") = :1 AND "PRODUCT"."DESCRIPTION" IS NOT NULL) OR "PRODUCT"."STATUS" = :2)
   args: "a", "draft"

-- across a nullable FK: inner join
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "CATEGORY"."NAME" = :1
   args: "Books"

-- across a FK with a lookup
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE UPPER("CATEGORY"."NAME") LIKE UPPER(TRANSLATE(:1 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "%book%"

-- FK pk needs no join
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CATEGORY_ID" = :1 AND "PRODUCT"."CATEGORY_ID" IN (:2, :3)
   args: int64(7), int64(1), int64(2)

-- exclude across a nullable FK: left join and guard
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE NOT ("CATEGORY"."NAME" = :1 AND "CATEGORY"."NAME" IS NOT NULL)
   args: "Books"

-- isnull across a FK: left join
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "CATEGORY"."NAME" IS NULL

-- Or across a FK: left join
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "CATEGORY"."NAME" = :1 OR "PRODUCT"."NAME" = :2
   args: "Books", "x"

-- one join serves two conditions
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "CATEGORY"."NAME" = :1 AND "CATEGORY"."NAME" LIKE TRANSLATE(:2 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: "Books", "B%"

-- non-null FK stays inner under exclude
SELECT "CHILD"."ID", "CHILD"."PARENT_ID", "CHILD"."RANK" FROM "CHILD" INNER JOIN "SMALL_PARENT" ON ("CHILD"."PARENT_ID" = "SMALL_PARENT"."ID") WHERE NOT ("SMALL_PARENT"."CODE" = :1)
   args: "x"

-- self reference gets T aliases
SELECT "NODE"."ID", "NODE"."NAME", "NODE"."PARENT_ID" FROM "NODE" INNER JOIN "NODE" "T2" ON ("NODE"."PARENT_ID" = "T2"."ID") INNER JOIN "NODE" "T3" ON ("T2"."PARENT_ID" = "T3"."ID") WHERE "T2"."NAME" = :1 AND "T3"."NAME" = :2
   args: "a", "b"

-- F compares columns
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."UPDATED_AT" > "PRODUCT"."CREATED_AT"

-- F arithmetic
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."PRICE" < (("PRODUCT"."ID" * :1) + :2)
   args: int64(2), int64(1)

-- F across a FK
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "PRODUCT"."NAME" = "CATEGORY"."NAME"

-- contains F escapes in SQL
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" LIKE TRANSLATE('%' || REPLACE(REPLACE(REPLACE("PRODUCT"."STATUS", '\', '\\'), '%', '\%'), '_', '\_') || '%' USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)

-- exclude with a nullable F adds its guard
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT ("PRODUCT"."NAME" = "PRODUCT"."DESCRIPTION" AND "PRODUCT"."DESCRIPTION" IS NOT NULL)

-- F of an unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- Meta.Ordering by default
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC

-- OrderBy() removes it
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT"

-- OrderBy several
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."NAME" ASC, "PRODUCT"."PRICE" DESC, "PRODUCT"."ID" ASC

-- OrderBy random
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY DBMS_RANDOM.VALUE

-- OrderBy across a FK: left join
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") ORDER BY "CATEGORY"."NAME" ASC, "PRODUCT"."ID" DESC

-- OrderBy a FK without Meta.Ordering
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CATEGORY_ID" ASC

-- OrderBy a FK with Meta.Ordering
SELECT "BOOK"."ID", "BOOK"."TITLE", "BOOK"."SHELF_ID", "BOOK"."PAGES" FROM "BOOK" LEFT OUTER JOIN "SHELF" ON ("BOOK"."SHELF_ID" = "SHELF"."ID") ORDER BY "SHELF"."FLOOR" DESC, "SHELF"."LABEL" ASC, "BOOK"."TITLE" ASC

-- OrderBy F nulls last
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."DESCRIPTION" DESC NULLS LAST, "PRODUCT"."NAME" ASC NULLS FIRST

-- OrderBy an expression
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY ("PRODUCT"."PRICE" * "PRODUCT"."ID") DESC, "PRODUCT"."ID" ASC

-- Reverse Meta.Ordering
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" ASC

-- Reverse OrderBy with nulls
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."NAME" DESC, "PRODUCT"."DESCRIPTION" DESC NULLS LAST

-- OrderBy unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- OrderBy injection is an identifier error
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\"; DROP TABLE product; --": part 1: sqlorm/dialect: invalid identifier: "name\"; DROP TABLE product; --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- OrderBy a lookup
   error: sqlorm: invalid query: Product: "name__icontains": Product.name is not a relation, so "icontains" cannot follow it here; give a field path

-- OrderBy a bad type
   error: sqlorm: invalid query: Product: OrderBy(42): int is not a field name, an Expr or an OrderExpr

-- Limit
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC FETCH FIRST 10 ROWS ONLY

-- Limit and Offset
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY

-- Offset alone
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."ID" ASC OFFSET 5 ROWS

-- Limit(0) sends nothing
(no statement)

-- Limit negative
   error: sqlorm: invalid query: Product: Limit(-1): negative indexing is not supported

-- Filter after Limit
   error: sqlorm: invalid query: Product: cannot filter a query once a slice has been taken (Limit, Offset)

-- Distinct
SELECT DISTINCT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT"

-- Only
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."PRICE" FROM "PRODUCT"

-- Defer
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT"

-- Only unknown
   error: sqlorm: invalid query: Product: Only("nope"): no such field; choices are pk, id, name, description, price, status, category, created_at, updated_at

-- None sends nothing
(no statement)

-- Values
SELECT "PRODUCT"."NAME", "PRODUCT"."PRICE" FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = :1 ORDER BY "PRODUCT"."CREATED_AT" DESC
   args: "draft"

-- Values of every field
SELECT "BOOK"."ID", "BOOK"."TITLE", "BOOK"."SHELF_ID", "BOOK"."PAGES" FROM "BOOK"

-- Values across a FK
SELECT "PRODUCT"."NAME", "CATEGORY"."NAME" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") ORDER BY "PRODUCT"."NAME" ASC

-- Values distinct adds ordering columns
SELECT DISTINCT "PRODUCT"."STATUS", "PRODUCT"."CREATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC

-- ValuesList
SELECT "PRODUCT"."ID", "PRODUCT"."CATEGORY_ID" FROM "PRODUCT" FETCH FIRST 3 ROWS ONLY

-- ValuesListFlat
SELECT "PRODUCT"."NAME" FROM "PRODUCT" ORDER BY "PRODUCT"."NAME" ASC

-- Values unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- Values injection
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\" FROM secret; --": part 1: sqlorm/dialect: invalid identifier: "name\" FROM secret; --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- Values empty in sends nothing
(no statement)

-- Aggregate
SELECT SUM("PRODUCT"."PRICE") AS "TOTAL", AVG("PRODUCT"."PRICE") AS "AVERAGE", COUNT("PRODUCT"."ID") AS "ID__COUNT", MIN("PRODUCT"."CREATED_AT") AS "CREATED_AT__MIN", MAX("PRODUCT"."NAME") AS "NAME__MAX" FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = :1
   args: "draft"

-- Aggregate Count distinct and *
SELECT COUNT(DISTINCT "PRODUCT"."CATEGORY_ID") AS "CATS", COUNT(*) AS "N" FROM "PRODUCT"

-- Aggregate Default is COALESCE
SELECT COALESCE(SUM("PRODUCT"."PRICE"), :1) AS "PRICE__SUM", COALESCE(MAX("PRODUCT"."NAME"), :2) AS "NAME__MAX" FROM "PRODUCT"
   args: "0.00", "none"

-- Aggregate StdDev and Variance
SELECT STDDEV_POP("PRODUCT"."PRICE") AS "PRICE__STDDEV", VAR_POP("PRODUCT"."PRICE") AS "PRICE__VARIANCE", STDDEV_SAMP("PRODUCT"."PRICE") AS "S", VAR_SAMP("PRODUCT"."ID") AS "V" FROM "PRODUCT"

-- Aggregate an expression across a FK
SELECT SUM(("PRODUCT"."PRICE" * "PRODUCT"."ID")) AS "WEIGHTED", MAX("CATEGORY"."NAME") AS "CATEGORY__NAME__MAX" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID")

-- Aggregate of a slice uses a subquery
SELECT SUM("SUBQUERY"."COL1") AS "PRICE__SUM", COUNT(*) AS "N" FROM (SELECT "PRODUCT"."ID", "PRODUCT"."PRICE" AS "COL1" FROM "PRODUCT" ORDER BY "PRODUCT"."PRICE" DESC FETCH FIRST 3 ROWS ONLY) subquery

-- Aggregate empty in sends nothing
(no statement)

-- Aggregate bad alias
   error: sqlorm: invalid query: Product: aggregate alias: sqlorm/dialect: invalid identifier: "x\" FROM secret; --" contains '"' at byte 1; only ASCII letters, digits and underscores are allowed

-- Aggregate MySQL comment alias
   error: sqlorm: invalid query: Product: aggregate alias: sqlorm/dialect: invalid identifier: "x#" contains '#' at byte 1; only ASCII letters, digits and underscores are allowed

-- Aggregate Min Distinct
   error: sqlorm: invalid query: Product: MIN does not allow Distinct

-- Aggregate unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- BulkCreate returns keys
INSERT INTO "PRODUCT" ("NAME", "DESCRIPTION", "PRICE", "STATUS", "CATEGORY_ID", "CREATED_AT", "UPDATED_AT") SELECT :1, :2, :3, :4, :5, :6, :7 FROM DUAL UNION ALL SELECT :8, :9, :10, :11, :12, :13, :14 FROM DUAL UNION ALL SELECT :15, :16, :17, :18, :19, :20, :21 FROM DUAL
   args: "a", NULL, "0.00", "draft", NULL, <now>, <now>, "b", NULL, "2.50", "draft", NULL, <now>, <now>, "c", NULL, "0.00", "published", NULL, <now>, <now>

-- BulkCreate with and without keys, batches of 2
   error: sqlorm: Shelf: BulkCreate: oracle cannot ignore conflicts: sqlorm/dialect: not supported

-- BulkCreate update conflicts
   error: sqlorm: Node: BulkCreate: oracle cannot update conflicts: sqlorm/dialect: not supported

-- BulkCreate bad batch size
   error: sqlorm: invalid query: Product: BatchSize(0): the batch size must be a positive integer

-- BulkCreate update conflicts on the key
   error: sqlorm: invalid query: Product: UpdateConflicts cannot update the primary key (id)

-- BulkCreate empty sends nothing
(no statement)

-- BulkUpdate
UPDATE "BOOK" SET "TITLE" = CASE WHEN "BOOK"."ID" = :1 THEN :2 WHEN "BOOK"."ID" = :3 THEN :4 ELSE NULL END, "SHELF_ID" = CASE WHEN "BOOK"."ID" = :5 THEN :6 WHEN "BOOK"."ID" = :7 THEN :8 ELSE NULL END, "PAGES" = CASE WHEN "BOOK"."ID" = :9 THEN :10 WHEN "BOOK"."ID" = :11 THEN :12 ELSE NULL END WHERE "BOOK"."ID" IN (:13, :14)
   args: int64(1), "x", int64(2), "y", int64(1), int64(3), int64(2), NULL, int64(1), NULL, int64(2), NULL, int64(1), int64(2)

-- BulkUpdate unsaved object
   error: sqlorm: invalid query: Book: BulkUpdate: object 0 has no primary key; every object must have been saved

-- BulkUpdate the key
   error: sqlorm: invalid query: Book: BulkUpdate cannot update the primary key (id)

-- GetOrCreate
SELECT "SHELF"."ID", "SHELF"."LABEL", "SHELF"."FLOOR" FROM "SHELF" WHERE "SHELF"."FLOOR" >= :1 AND "SHELF"."LABEL" = :2 FETCH FIRST 21 ROWS ONLY
   args: int64(1), "top"
INSERT INTO "SHELF" ("LABEL", "FLOOR") VALUES (:1, :2) RETURNING "ID" INTO :3
   args: "top", int64(3), sql.Out(*int64)

-- GetOrCreate unknown default
   error: sqlorm: invalid query: Shelf: GetOrCreate: invalid field name "nope" in defaults; choices are pk, id, label, floor

-- Count
SELECT COUNT(*) FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = :1
   args: "draft"

-- Count across a FK
SELECT COUNT(*) FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "CATEGORY"."NAME" = :1
   args: "Books"

-- Count sliced uses a subquery
SELECT COUNT(*) FROM (SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = :1 ORDER BY "PRODUCT"."CREATED_AT" DESC OFFSET 2 ROWS FETCH FIRST 5 ROWS ONLY) subquery
   args: "draft"

-- Count distinct uses a subquery
SELECT COUNT(*) FROM (SELECT DISTINCT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT") subquery

-- Count empty in sends nothing
(no statement)

-- Exists
SELECT 1 AS "A" FROM "PRODUCT" WHERE "PRODUCT"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) FETCH FIRST 1 ROWS ONLY
   args: "W%"

-- Exists with offset
SELECT 1 AS "A" FROM "PRODUCT" OFFSET 3 ROWS FETCH FIRST 1 ROWS ONLY

-- First uses Meta.Ordering
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC FETCH FIRST 1 ROWS ONLY

-- First without ordering orders by pk
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" ORDER BY "CATEGORY"."ID" ASC FETCH FIRST 1 ROWS ONLY

-- Last without ordering
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" ORDER BY "CATEGORY"."ID" DESC FETCH FIRST 1 ROWS ONLY

-- Last reverses
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."NAME" DESC, "PRODUCT"."ID" ASC FETCH FIRST 1 ROWS ONLY

-- First of a slice
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC OFFSET 5 ROWS FETCH FIRST 1 ROWS ONLY

-- Earliest and Latest
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" ASC, "PRODUCT"."ID" DESC FETCH FIRST 1 ROWS ONLY
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY "PRODUCT"."CREATED_AT" DESC FETCH FIRST 1 ROWS ONLY

-- Get by pk
SELECT "ID", "NAME", "DESCRIPTION", "PRICE", "STATUS", "CATEGORY_ID", "CREATED_AT", "UPDATED_AT" FROM "PRODUCT" WHERE "ID" = :1
   args: int64(5)

-- Get drops ordering
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = :1 AND UPPER("PRODUCT"."NAME") = UPPER(:2) FETCH FIRST 21 ROWS ONLY
   args: "draft", "w"

-- InBulk
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" IN (:1, :2, :3)
   args: int64(1), int64(2), int64(3)

-- InBulk empty sends nothing
(no statement)

-- Update values
UPDATE "PRODUCT" SET "DESCRIPTION" = :1, "PRICE" = :2, "STATUS" = :3 WHERE "PRODUCT"."STATUS" = :4
   args: NULL, "10.00", "published", "draft"

-- Update with F
UPDATE "PRODUCT" SET "NAME" = "PRODUCT"."STATUS", "PRICE" = ("PRODUCT"."PRICE" * :1)
   args: float64(1.1)

-- Update across a FK uses a subquery
UPDATE "PRODUCT" SET "CATEGORY_ID" = :1 WHERE "PRODUCT"."ID" IN (SELECT "PRODUCT"."ID" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "CATEGORY"."NAME" = :2)
   args: NULL, "Books"

-- Update of a relation path is an error
   error: sqlorm: invalid query: Product: Update: cannot update "category__name": no such field (only the model's own fields and foreign keys can be updated); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- Update from a joined F is an error
   error: sqlorm: invalid query: Product: Update "name": joined field references are not permitted (category__name)

-- Update empty sends nothing
(no statement)

-- Update sliced is an error
   error: sqlorm: invalid query: Product: cannot update a query once a slice has been taken (Limit, Offset)

-- Delete
DELETE FROM "PRODUCT" WHERE "PRODUCT"."PRICE" < :1
   args: int64(1)

-- Delete all
DELETE FROM "CATEGORY"

-- Delete across a FK uses a subquery
DELETE FROM "PRODUCT" WHERE "PRODUCT"."ID" IN (SELECT "PRODUCT"."ID" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE NOT ("CATEGORY"."NAME" = :1 AND "CATEGORY"."NAME" IS NOT NULL))
   args: "Books"

-- Delete empty in sends nothing
(no statement)

-- unknown field
   error: sqlorm: invalid query: Product has no field "nme" (in "nme__icontains"); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- unknown lookup
   error: sqlorm: invalid query: Product: "name__icontain" on Product.name: sqlorm/lookups: unknown lookup: "icontain"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- unknown field after a FK
   error: sqlorm: invalid query: Product: "category__nme": "nme" is neither a field of Category (choices are pk, id, name) nor a lookup: sqlorm/lookups: unknown lookup: "nme"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- lookup not last
   error: sqlorm: invalid query: Product: "name__exact__in" on Product.name: sqlorm/lookups: unknown lookup: "exact" is a lookup and must come last (in "exact__in"); transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- transform on the wrong kind
   error: sqlorm: invalid query: Product: "name__year": sqlorm/lookups: unknown lookup: "year" does not apply to CharField; it applies to DateField and DateTimeField

-- injection in a key
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\") OR 1=1 --": part 1: sqlorm/dialect: invalid identifier: "name\") OR 1=1 --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- _connector key
   error: sqlorm: invalid query: Product has no field "_connector" (in "_connector"); choices are pk, id, name, description, price, status, category, created_at, updated_at

-- isnull with a string
   error: sqlorm: invalid query: Product: "description__isnull": sqlorm/lookups: invalid lookup value: isnull: needs true or false; got string

-- range of one value
   error: sqlorm: invalid query: Product: "price__range": sqlorm/lookups: invalid lookup value: range: needs exactly two values (low, high); got 1

-- in of a scalar
   error: sqlorm: invalid query: Product: "id__in": sqlorm/lookups: invalid lookup value: in: needs a slice or array of values; got int

-- fractional float equal to an integer
   error: sqlorm: invalid query: Product: "id": sqlorm/lookups: invalid lookup value: exact: 1.5 has a fractional part and cannot equal an integer
