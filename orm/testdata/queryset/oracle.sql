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
   args: int64(10), int64(9), int64(1), "2.5"

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
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

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
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

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
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

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
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

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
   error: sqlorm: invalid query: Product: Update "name": joined field references are not permitted (F(category__name) reaches Category through category)

-- Update empty sends nothing
(no statement)

-- Update sliced is an error
   error: sqlorm: invalid query: Product: cannot update a query once a slice has been taken (Limit, Offset)

-- Delete
DELETE FROM "PRODUCT" WHERE "PRODUCT"."PRICE" < :1
   args: int64(1)

-- Delete all
SELECT "CATEGORY"."ID" FROM "CATEGORY"

-- Delete without a condition is an error
   error: sqlorm: invalid query: Category: Delete without a condition would delete every row; filter first, or say Filter(orm.AllRows()) to delete them all

-- Delete with only empty conditions is an error
   error: sqlorm: invalid query: Category: Delete without a condition would delete every row; filter first, or say Filter(orm.AllRows()) to delete them all

-- Delete with a nil condition is an error
   error: sqlorm: invalid query: Filter: a nil Condition; it would match every row. Give a condition (orm.Q{...}), orm.AllRows() to mean every row, or leave the argument out

-- Delete excluding an empty in deletes every row
SELECT "CATEGORY"."ID" FROM "CATEGORY"

-- Update without a condition is an error
   error: sqlorm: invalid query: Product: Update without a condition would change every row; filter first, or say Filter(orm.AllRows()) to update them all

-- Update with a nil condition inside Or is an error
   error: sqlorm: invalid query: Or: a nil Condition; it would match every row. Give a condition (orm.Q{...}), orm.AllRows() to mean every row, or leave the argument out

-- Or leaves out an empty Q
DELETE FROM "PRODUCT" WHERE "PRODUCT"."NAME" = :1
   args: "a"

-- Not of an empty Q is no condition
SELECT COUNT(*) FROM "PRODUCT" WHERE "PRODUCT"."NAME" = :1
   args: "a"

-- Delete across a FK uses a subquery
DELETE FROM "PRODUCT" WHERE "PRODUCT"."ID" IN (SELECT "PRODUCT"."ID" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE NOT ("CATEGORY"."NAME" = :1 AND "CATEGORY"."NAME" IS NOT NULL))
   args: "Books"

-- Delete empty in sends nothing
(no statement)

-- Lower Upper Length as values
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" > (LENGTH("PRODUCT"."NAME")) AND "PRODUCT"."NAME" = (LOWER("PRODUCT"."STATUS")) AND "PRODUCT"."STATUS" = (UPPER("PRODUCT"."NAME"))

-- Coalesce of a nullable field and a value
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = (COALESCE("PRODUCT"."DESCRIPTION", :1))
   args: "none"

-- Coalesce of three
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = (COALESCE("PRODUCT"."DESCRIPTION", "PRODUCT"."STATUS", "PRODUCT"."NAME"))

-- Concat of fields and a value
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = (CONCAT("PRODUCT"."STATUS", CONCAT(:1, "PRODUCT"."ID")))
   args: " "

-- Now compared with a datetime
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CREATED_AT" < (SYS_EXTRACT_UTC(SYSTIMESTAMP))

-- function of a joined field
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "PRODUCT"."NAME" = (LOWER("CATEGORY"."NAME"))

-- text functions
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" = (INSTR("PRODUCT"."NAME", :1)) AND "PRODUCT"."NAME" = (CONCAT(SUBSTR("PRODUCT"."NAME", 1, :2), CONCAT(SUBSTR("PRODUCT"."STATUS", -(:3)), CONCAT(SUBSTR("PRODUCT"."NAME", :4, :5), CONCAT(SUBSTR("PRODUCT"."NAME", :6), CONCAT(TRIM("PRODUCT"."STATUS"), CONCAT(LTRIM("PRODUCT"."STATUS"), CONCAT(RTRIM("PRODUCT"."STATUS"), REPLACE("PRODUCT"."NAME", :7, :8)))))))))
   args: "x", int64(2), int64(3), int64(2), int64(3), int64(4), "a", ""

-- number functions
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."PRICE" = (GREATEST("PRODUCT"."PRICE", ABS(("PRODUCT"."PRICE" - :1)), LEAST("PRODUCT"."PRICE", :2))) AND "PRODUCT"."STATUS" = (NULLIF("PRODUCT"."STATUS", :3))
   args: int64(10), int64(5), "x"

-- Extract
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" = (EXTRACT(YEAR FROM "PRODUCT"."CREATED_AT")) AND "PRODUCT"."PRICE" > ((MOD(TRUNC((SYS_EXTRACT_UTC(SYSTIMESTAMP))) - TRUNC((SYS_EXTRACT_UTC(SYSTIMESTAMP)), 'IW') + 1, 7) + 1))

-- Extract of an unknown part
   error: sqlorm: invalid query: Extract(created_at, "decade"): no such part; choices are year, iso_year, quarter, month, week, day, week_day, iso_week_day, hour, minute, second (in a query of Product)

-- Extract of a text field
   error: sqlorm: invalid query: Product: Extract(F(name), "year"): sqlorm/lookups: unknown lookup: "year" does not apply to CharField; it applies to DateField and DateTimeField (in "id")

-- a function given a bool for a count
   error: sqlorm: invalid query: Product: Left: argument 2, true (bool), is not an integer (in "name")

-- a function given text for a count
   error: sqlorm: invalid query: Product: Substr: argument 3, "x" (string), is not an integer (in "name")

-- nested functions
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = (UPPER(CONCAT(LOWER("PRODUCT"."STATUS"), COALESCE("PRODUCT"."DESCRIPTION", :1))))
   args: ""

-- OrderBy Lower desc nulls last
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY LOWER("PRODUCT"."DESCRIPTION") DESC NULLS LAST, LENGTH("PRODUCT"."NAME") ASC

-- Update with functions
UPDATE "PRODUCT" SET "NAME" = UPPER(CONCAT("PRODUCT"."NAME", CONCAT(:1, "PRODUCT"."STATUS"))), "UPDATED_AT" = SYS_EXTRACT_UTC(SYSTIMESTAMP) WHERE "PRODUCT"."ID" = :2
   args: "-", int64(1)

-- Aggregate of a function
SELECT MAX(LENGTH("PRODUCT"."NAME")) AS "LONGEST" FROM "PRODUCT"

-- function of an unknown field
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- function injection is an identifier error
   error: sqlorm: invalid query: Product: sqlorm/lookups: invalid lookup path: "name\") FROM x; --": part 1: sqlorm/dialect: invalid identifier: "name\") FROM x; --" contains '"' at byte 4; only ASCII letters, digits and underscores are allowed

-- Case as a lookup value
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."STATUS" = (CASE WHEN "PRODUCT"."PRICE" >= :1 THEN :2 ELSE :3 END)
   args: int64(100), "published", "draft"

-- Case in Update
UPDATE "PRODUCT" SET "PRICE" = CASE WHEN "PRODUCT"."STATUS" = :1 THEN ("PRODUCT"."PRICE" * :2) WHEN "PRODUCT"."NAME" LIKE TRANSLATE(:3 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) OR NOT ("PRODUCT"."DESCRIPTION" IS NULL) THEN :4 ELSE "PRODUCT"."PRICE" END
   args: "draft", int64(2), "W%", int64(5)

-- Case in OrderBy across a FK
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") ORDER BY CASE WHEN "CATEGORY"."NAME" = :1 THEN :2 ELSE :3 END ASC, "PRODUCT"."NAME" ASC
   args: "Books", int64(1), int64(2)

-- Sum of a Case: conditional aggregation
SELECT SUM(CASE WHEN "PRODUCT"."STATUS" = :1 THEN "PRODUCT"."PRICE" ELSE :2 END) AS "PUBLISHED_TOTAL", SUM(CASE WHEN "PRODUCT"."STATUS" = :3 THEN :4 ELSE :5 END) AS "DRAFTS" FROM "PRODUCT"
   args: "published", int64(0), "draft", int64(1), int64(0)

-- Case without Default, When with an empty in dropped
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = (CASE WHEN "PRODUCT"."ID" = :1 THEN "PRODUCT"."STATUS" END)
   args: int64(2)

-- Case of only never-matching Whens is its Default
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."NAME" = ("PRODUCT"."STATUS")

-- Case When of an empty Q is an error
   error: sqlorm: invalid query: When(map[], ...): an empty condition would match every row; give a condition, or use Default for the value every other row gets (in a query of Product)

-- Case with two Defaults is an error
   error: sqlorm: invalid query: Case: Default is given twice (a and b) (in a query of Product)

-- Case When of an unknown field is an error
   error: sqlorm: invalid query: Product has no field "nope" (in "nope"); choices are pk, id, name, description, price, status, category, created_at, updated_at (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- Case value out of the compared field's range is an error
   error: sqlorm: invalid query: Product: 18446744073709551615 compared with or stored in Product.id: sqlorm: invalid query: Product.id: 18446744073709551615 (uint64) is not a valid value: id is an integer: out of the 64-bit integer range (in "id")

-- Exists with OuterRef
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" WHERE "CATEGORY"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) AND EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."CATEGORY_ID" = "CATEGORY"."ID" AND "U0"."PRICE" > :2 FETCH FIRST 1 ROWS ONLY)
   args: "B%", int64(100)

-- Exclude Exists and Or of Exists
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" WHERE NOT (EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."CATEGORY_ID" = "CATEGORY"."ID" FETCH FIRST 1 ROWS ONLY)) AND ("CATEGORY"."NAME" = :1 OR NOT (EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."CATEGORY_ID" = "CATEGORY"."ID" AND "U0"."STATUS" = :2 FETCH FIRST 1 ROWS ONLY)))
   args: "x", "draft"

-- Exists of an empty in sends nothing
(no statement)

-- in Subquery of ValuesList
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."CATEGORY_ID" IN (SELECT "U0"."ID" FROM "CATEGORY" "U0" WHERE UPPER("U0"."NAME") LIKE UPPER(TRANSLATE(:1 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS)) AND "PRODUCT"."STATUS" = :2
   args: "%book%", "draft"

-- in Subquery of a QuerySet selects its key
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" IN (SELECT "U0"."ID" FROM "PRODUCT" "U0" WHERE "U0"."NAME" = :1)
   args: "x"

-- scalar Subquery sliced with OuterRef across a FK
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") WHERE "PRODUCT"."PRICE" > (SELECT "U0"."PRICE" FROM "PRODUCT" "U0" INNER JOIN "CATEGORY" "U1" ON ("U0"."CATEGORY_ID" = "U1"."ID") WHERE "U1"."NAME" = "CATEGORY"."NAME" ORDER BY "U0"."PRICE" DESC OFFSET 1 ROWS FETCH FIRST 1 ROWS ONLY)

-- nested subqueries get U and V aliases
SELECT "NODE"."ID", "NODE"."NAME", "NODE"."PARENT_ID" FROM "NODE" WHERE "NODE"."NAME" = :1 AND EXISTS (SELECT 1 AS "A" FROM "NODE" "U0" INNER JOIN "NODE" "U1" ON ("U0"."PARENT_ID" = "U1"."ID") WHERE "U0"."PARENT_ID" = "NODE"."ID" AND "U1"."NAME" = :2 AND EXISTS (SELECT 1 AS "A" FROM "NODE" "V0" WHERE "V0"."NAME" = "U1"."NAME" AND "V0"."PARENT_ID" = "U0"."ID" FETCH FIRST 1 ROWS ONLY) FETCH FIRST 1 ROWS ONLY)
   args: "a", "b"

-- Subquery in Update and Coalesce
UPDATE "CATEGORY" SET "NAME" = COALESCE((SELECT "U0"."NAME" FROM "PRODUCT" "U0" WHERE "U0"."CATEGORY_ID" = "CATEGORY"."ID" ORDER BY "U0"."PRICE" DESC FETCH FIRST 1 ROWS ONLY), "CATEGORY"."NAME") WHERE "CATEGORY"."ID" > :1
   args: int64(3)

-- Subquery in OrderBy
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" ORDER BY (SELECT "U0"."NAME" FROM "CATEGORY" "U0" WHERE "U0"."ID" = "PRODUCT"."CATEGORY_ID") DESC

-- Exists in a Case When
SELECT SUM(CASE WHEN EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."CATEGORY_ID" = "CATEGORY"."ID" FETCH FIRST 1 ROWS ONLY) THEN :1 ELSE :2 END) AS "USED" FROM "CATEGORY"
   args: int64(1), int64(0)

-- Subquery of none matches nothing
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE "PRODUCT"."ID" IN (SELECT "U0"."ID" FROM "PRODUCT" "U0" WHERE 1 = 0)

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
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" INNER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") WHERE "PRODUCT"."PRICE" > :1
   args: int64(10)

-- reverse: one Filter shares the join, a second Filter gets its own
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" INNER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") INNER JOIN "PRODUCT" "T3" ON ("CATEGORY"."ID" = "T3"."CATEGORY_ID") WHERE "PRODUCT"."PRICE" > :1 AND "PRODUCT"."STATUS" = :2 AND "T3"."NAME" LIKE TRANSLATE(:3 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: int64(10), "draft", "W%"

-- reverse: default query name is the lowercased model
SELECT "AUTHOR"."ID", "AUTHOR"."NAME" FROM "AUTHOR" INNER JOIN "POST" ON ("AUTHOR"."ID" = "POST"."EDITOR_ID") INNER JOIN "POST" "T3" ON ("AUTHOR"."ID" = "T3"."AUTHOR_ID") WHERE "POST"."SCORE" >= :1 AND UPPER("T3"."TITLE") LIKE UPPER(TRANSLATE(:2 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: int64(3), "%go%"

-- reverse: path ending at the relation compares its key
SELECT "AUTHOR"."ID", "AUTHOR"."NAME" FROM "AUTHOR" INNER JOIN "POST" ON ("AUTHOR"."ID" = "POST"."AUTHOR_ID") WHERE "POST"."ID" IN (:1, :2)
   args: int64(1), int64(2)

-- reverse: isnull true is a LEFT OUTER JOIN
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") WHERE "PRODUCT"."ID" IS NULL

-- reverse: Or promotes to LEFT OUTER
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") WHERE "CATEGORY"."NAME" = :1 OR "PRODUCT"."PRICE" < :2
   args: "Books", int64(5)

-- reverse then forward, and self reference
SELECT "AUTHOR"."ID", "AUTHOR"."NAME" FROM "AUTHOR" INNER JOIN "POST" ON ("AUTHOR"."ID" = "POST"."AUTHOR_ID") INNER JOIN "POST" "T3" ON ("POST"."ID" = "T3"."REPLY_ID") INNER JOIN "AUTHOR" "T4" ON ("T3"."AUTHOR_ID" = "T4"."ID") WHERE "T4"."NAME" = :1
   args: "ann"

-- forward then reverse
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" INNER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") INNER JOIN "PRODUCT" "T3" ON ("CATEGORY"."ID" = "T3"."CATEGORY_ID") WHERE "T3"."NAME" = :1
   args: "Widget"

-- reverse: Exclude is NOT EXISTS, not a join
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" WHERE NOT (EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."PRICE" > :1 AND "U0"."CATEGORY_ID" = "CATEGORY"."ID" FETCH FIRST 1 ROWS ONLY))
   args: int64(10)

-- reverse: Exclude of two lookups gets two subqueries
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" WHERE NOT ("CATEGORY"."NAME" = :1 AND EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."PRICE" > :2 AND "U0"."CATEGORY_ID" = "CATEGORY"."ID" FETCH FIRST 1 ROWS ONLY) AND EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."STATUS" = :3 AND "U0"."CATEGORY_ID" = "CATEGORY"."ID" FETCH FIRST 1 ROWS ONLY))
   args: "x", int64(10), "draft"

-- reverse: Not in Filter is NOT EXISTS too; isnull false
SELECT "CATEGORY"."ID", "CATEGORY"."NAME" FROM "CATEGORY" WHERE NOT (EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."CATEGORY_ID" = "CATEGORY"."ID" FETCH FIRST 1 ROWS ONLY))

-- reverse: Exclude after a forward key refers to its column
SELECT "PRODUCT"."ID", "PRODUCT"."NAME", "PRODUCT"."DESCRIPTION", "PRODUCT"."PRICE", "PRODUCT"."STATUS", "PRODUCT"."CATEGORY_ID", "PRODUCT"."CREATED_AT", "PRODUCT"."UPDATED_AT" FROM "PRODUCT" WHERE NOT (EXISTS (SELECT 1 AS "A" FROM "PRODUCT" "U0" WHERE "U0"."STATUS" = :1 AND "U0"."CATEGORY_ID" = "PRODUCT"."CATEGORY_ID" FETCH FIRST 1 ROWS ONLY))
   args: "draft"

-- reverse: Exclude two levels deep
SELECT "AUTHOR"."ID", "AUTHOR"."NAME" FROM "AUTHOR" WHERE NOT (EXISTS (SELECT 1 AS "A" FROM "POST" "U0" INNER JOIN "POST" "U1" ON ("U0"."ID" = "U1"."REPLY_ID") WHERE "U1"."SCORE" < :1 AND "U0"."AUTHOR_ID" = "AUTHOR"."ID" FETCH FIRST 1 ROWS ONLY))
   args: int64(0)

-- reverse: unknown name lists the known ones
   error: sqlorm: invalid query: Category has no field "product" (in "product__price"); choices are pk, id, name; reverse relations products (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- reverse: unknown field after a reverse relation
   error: sqlorm: invalid query: Category: "products__nope": "nope" is neither a field of Product (choices are pk, id, name, description, price, status, category, created_at, updated_at) nor a lookup: sqlorm/lookups: unknown lookup: "nope"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- annotate: Count of a reverse relation, HAVING, ordered by it
SELECT "CATEGORY"."ID", "CATEGORY"."NAME", COUNT("PRODUCT"."ID") AS "N" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") WHERE "CATEGORY"."NAME" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME" HAVING (COUNT("PRODUCT"."ID")) > :2 ORDER BY COUNT("PRODUCT"."ID") DESC
   args: "B%", int64(10)

-- annotate: a filter before reuses the join, one after gets its own
SELECT "CATEGORY"."ID", "CATEGORY"."NAME", SUM("PRODUCT"."PRICE") AS "TOTAL" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") INNER JOIN "PRODUCT" "T3" ON ("CATEGORY"."ID" = "T3"."CATEGORY_ID") WHERE "PRODUCT"."STATUS" = :1 AND "T3"."PRICE" > :2 GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME"
   args: "published", int64(1)

-- annotate: expression, Or on an aggregate in HAVING
SELECT "CATEGORY"."ID", "CATEGORY"."NAME", COUNT(DISTINCT "PRODUCT"."ID") AS "N", UPPER("CATEGORY"."NAME") AS "UPPER" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") WHERE (UPPER("CATEGORY"."NAME")) = :1 GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME", UPPER("CATEGORY"."NAME") HAVING (COUNT(DISTINCT "PRODUCT"."ID")) = :2 OR (COUNT(DISTINCT "PRODUCT"."ID")) >= :3
   args: "BOOKS", int64(0), int64(5)

-- annotate: Count after Annotate is a subquery
SELECT COUNT(*) FROM (SELECT "CATEGORY"."ID", "CATEGORY"."NAME", COUNT("PRODUCT"."ID") AS "N" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME" HAVING (COUNT("PRODUCT"."ID")) > :1) subquery
   args: int64(1)

-- annotate: Values Annotate groups by the values
SELECT "CATEGORY"."NAME", SUM("PRODUCT"."PRICE") AS "TOTAL", COUNT(*) AS "N" FROM "PRODUCT" LEFT OUTER JOIN "CATEGORY" ON ("PRODUCT"."CATEGORY_ID" = "CATEGORY"."ID") GROUP BY "CATEGORY"."NAME" HAVING (SUM("PRODUCT"."PRICE")) > :1 ORDER BY SUM("PRODUCT"."PRICE") DESC
   args: int64(100)

-- annotate: Annotate then Values groups by the model
SELECT "CATEGORY"."NAME", COUNT("PRODUCT"."ID") AS "N" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME"

-- annotate: a Filter before the Annotate cannot name it
   error: sqlorm: invalid query: Category has no field "n" (in "n__gt"); choices are pk, id, name; reverse relations products (a reverse relation is known once the model holding the foreign key is registered with orm.Register or used)

-- annotate: name clashing with a field is an error
   error: sqlorm: invalid query: Category: the annotation "name" conflicts with a field of Category; name it otherwise with As

-- annotate: a lookup on an expression annotation is in WHERE, on an aggregate in HAVING
SELECT "AUTHOR"."ID", "AUTHOR"."NAME", LOWER("AUTHOR"."NAME") AS "LNAME", COUNT("POST"."ID") AS "N" FROM "AUTHOR" LEFT OUTER JOIN "POST" ON ("AUTHOR"."ID" = "POST"."AUTHOR_ID") WHERE (LOWER("AUTHOR"."NAME")) = :1 GROUP BY "AUTHOR"."ID", "AUTHOR"."NAME", LOWER("AUTHOR"."NAME") HAVING (COUNT("POST"."ID")) > :2
   args: "ada", int64(1)

-- annotate: Exclude on an expression annotation
SELECT "AUTHOR"."ID", "AUTHOR"."NAME", LOWER("AUTHOR"."NAME") AS "LNAME" FROM "AUTHOR" WHERE NOT ((LOWER("AUTHOR"."NAME")) LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)) ORDER BY LOWER("AUTHOR"."NAME") ASC
   args: "a%"

-- annotate: Aggregate after Annotate reads a subquery
SELECT AVG("SUBQUERY"."N") AS "AVG_N", MAX("SUBQUERY"."N") AS "MAX_N", COUNT(*) AS "GROUPS", COALESCE(SUM("SUBQUERY"."ID"), :1) AS "IDS" FROM (SELECT "CATEGORY"."ID", "CATEGORY"."NAME", COUNT("PRODUCT"."ID") AS "N" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME" HAVING (COUNT("PRODUCT"."ID")) > :2) subquery
   args: int64(0), int64(1)

-- annotate: Aggregate after a sliced Annotate with an expression
SELECT COALESCE(SUM("SUBQUERY"."N"), :1) AS "TOP" FROM (SELECT "CATEGORY"."ID", "CATEGORY"."NAME", COUNT("PRODUCT"."ID") AS "N", UPPER("CATEGORY"."NAME") AS "UPPER" FROM "CATEGORY" LEFT OUTER JOIN "PRODUCT" ON ("CATEGORY"."ID" = "PRODUCT"."CATEGORY_ID") WHERE (UPPER("CATEGORY"."NAME")) LIKE TRANSLATE(:2 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) GROUP BY "CATEGORY"."ID", "CATEGORY"."NAME", UPPER("CATEGORY"."NAME") ORDER BY COUNT("PRODUCT"."ID") DESC FETCH FIRST 3 ROWS ONLY) subquery
   args: int64(0), "B%"

-- annotate: Aggregate of a related field after Annotate is an error
   error: sqlorm: invalid query: Category: SUM("products__price") after Annotate: an aggregate there reads an annotation or a field of Category by name (the annotated rows are a subquery); annotate the expression first

-- select_related: nullable key is LEFT OUTER, nested path
SELECT "POST"."ID", "POST"."TITLE", "POST"."AUTHOR_ID", "POST"."EDITOR_ID", "POST"."REPLY_ID", "POST"."SCORE", "AUTHOR"."ID", "AUTHOR"."NAME", "T3"."ID", "T3"."TITLE", "T3"."AUTHOR_ID", "T3"."EDITOR_ID", "T3"."REPLY_ID", "T3"."SCORE", "T4"."ID", "T4"."NAME" FROM "POST" INNER JOIN "AUTHOR" ON ("POST"."AUTHOR_ID" = "AUTHOR"."ID") LEFT OUTER JOIN "POST" "T3" ON ("POST"."REPLY_ID" = "T3"."ID") LEFT OUTER JOIN "AUTHOR" "T4" ON ("T3"."EDITOR_ID" = "T4"."ID") WHERE "POST"."SCORE" > :1
   args: int64(1)

-- select_related: with Annotate groups by the related columns too
SELECT "POST"."ID", "POST"."TITLE", "POST"."AUTHOR_ID", "POST"."EDITOR_ID", "POST"."REPLY_ID", "POST"."SCORE", "AUTHOR"."ID", "AUTHOR"."NAME", COUNT("T2"."ID") AS "N" FROM "POST" LEFT OUTER JOIN "POST" "T2" ON ("POST"."ID" = "T2"."REPLY_ID") INNER JOIN "AUTHOR" ON ("POST"."AUTHOR_ID" = "AUTHOR"."ID") GROUP BY "POST"."ID", "POST"."TITLE", "POST"."AUTHOR_ID", "POST"."EDITOR_ID", "POST"."REPLY_ID", "POST"."SCORE", "AUTHOR"."ID", "AUTHOR"."NAME"

-- select_related: a reverse relation is an error
   error: sqlorm: invalid query: Author: SelectRelated("post"): "post" is not a foreign key of Author (a reverse relation is multi-valued: use PrefetchRelated); choices are (none)

-- prefetch_related: reverse, then forward
SELECT "AUTHOR"."ID", "AUTHOR"."NAME" FROM "AUTHOR"
SELECT "POST"."ID", "POST"."TITLE", "POST"."AUTHOR_ID", "POST"."EDITOR_ID", "POST"."REPLY_ID", "POST"."SCORE" FROM "POST" WHERE "POST"."AUTHOR_ID" IN (:1, :2) ORDER BY "POST"."ID" ASC
   args: int64(1), int64(2)
SELECT "AUTHOR"."ID", "AUTHOR"."NAME" FROM "AUTHOR" WHERE "AUTHOR"."ID" IN (:1) ORDER BY "AUTHOR"."ID" ASC
   args: int64(2)

-- prefetch_related: without a Reverse field is an error
   error: sqlorm: invalid query: Category: PrefetchRelated("products"): Category has no field to hold the Product rows; declare one: Products orm.Reverse[Product] `orm:"related=products"`

-- m2m: filter joins the join table and the related table
SELECT "ARTICLE"."ID", "ARTICLE"."TITLE" FROM "ARTICLE" INNER JOIN "ARTICLE_LABELS" ON ("ARTICLE"."ID" = "ARTICLE_LABELS"."ARTICLE_ID") INNER JOIN "LABEL" ON ("ARTICLE_LABELS"."LABEL_ID" = "LABEL"."ID") WHERE "LABEL"."NAME" = :1
   args: "go"

-- m2m: a path ending at the relation compares the join table's key
SELECT "ARTICLE"."ID", "ARTICLE"."TITLE" FROM "ARTICLE" INNER JOIN "ARTICLE_LABELS" ON ("ARTICLE"."ID" = "ARTICLE_LABELS"."ARTICLE_ID") INNER JOIN "ARTICLE_LABELS" "T3" ON ("ARTICLE"."ID" = "T3"."ARTICLE_ID") WHERE "ARTICLE_LABELS"."LABEL_ID" IN (:1, :2) AND "T3"."LABEL_ID" = :3
   args: int64(1), int64(2), int64(3)

-- m2m: reverse side through related_name
SELECT "LABEL"."ID", "LABEL"."NAME" FROM "LABEL" INNER JOIN "ARTICLE_LABELS" ON ("LABEL"."ID" = "ARTICLE_LABELS"."LABEL_ID") INNER JOIN "ARTICLE" ON ("ARTICLE_LABELS"."ARTICLE_ID" = "ARTICLE"."ID") WHERE "ARTICLE"."TITLE" LIKE TRANSLATE(:1 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) ORDER BY "LABEL"."NAME" ASC
   args: "x%"

-- m2m: Exclude is NOT EXISTS over the join table
SELECT "ARTICLE"."ID", "ARTICLE"."TITLE" FROM "ARTICLE" WHERE NOT (EXISTS (SELECT 1 AS "A" FROM "ARTICLE_LABELS" "U0" INNER JOIN "LABEL" "U1" ON ("U0"."LABEL_ID" = "U1"."ID") WHERE "U1"."NAME" = :1 AND "U0"."ARTICLE_ID" = "ARTICLE"."ID" FETCH FIRST 1 ROWS ONLY))
   args: "go"

-- m2m: Exclude isnull on the reverse side
SELECT "LABEL"."ID", "LABEL"."NAME" FROM "LABEL" WHERE NOT (NOT (EXISTS (SELECT 1 AS "A" FROM "ARTICLE_LABELS" "U0" WHERE "U0"."LABEL_ID" = "LABEL"."ID" FETCH FIRST 1 ROWS ONLY))) ORDER BY "LABEL"."NAME" ASC

-- m2m: relation to self
SELECT "PERSON"."ID", "PERSON"."NAME" FROM "PERSON" INNER JOIN "PERSON_FRIEND" ON ("PERSON"."ID" = "PERSON_FRIEND"."FROM_PERSON_ID") INNER JOIN "PERSON" "T3" ON ("PERSON_FRIEND"."TO_PERSON_ID" = "T3"."ID") INNER JOIN "PERSON_FRIEND" "T4" ON ("PERSON"."ID" = "T4"."TO_PERSON_ID") INNER JOIN "PERSON" "T5" ON ("T4"."FROM_PERSON_ID" = "T5"."ID") WHERE "T3"."NAME" = :1 AND "T5"."NAME" = :2
   args: "ann", "bob"

-- m2m: Annotate Count
SELECT "ARTICLE"."ID", "ARTICLE"."TITLE", COUNT("ARTICLE_LABELS"."LABEL_ID") AS "N" FROM "ARTICLE" LEFT OUTER JOIN "ARTICLE_LABELS" ON ("ARTICLE"."ID" = "ARTICLE_LABELS"."ARTICLE_ID") GROUP BY "ARTICLE"."ID", "ARTICLE"."TITLE" HAVING (COUNT("ARTICLE_LABELS"."LABEL_ID")) > :1
   args: int64(1)

-- m2m: PrefetchRelated joins the join table
SELECT "ARTICLE"."ID", "ARTICLE"."TITLE" FROM "ARTICLE"
SELECT "ARTICLE_LABELS"."ID", "ARTICLE_LABELS"."ARTICLE_ID", "ARTICLE_LABELS"."LABEL_ID", "LABEL"."ID", "LABEL"."NAME" FROM "ARTICLE_LABELS" INNER JOIN "LABEL" ON ("ARTICLE_LABELS"."LABEL_ID" = "LABEL"."ID") WHERE "ARTICLE_LABELS"."ARTICLE_ID" IN (:1, :2) ORDER BY "LABEL"."NAME" ASC
   args: int64(1), int64(2)

-- m2m: PrefetchRelated of the reverse side
SELECT "LABEL"."ID", "LABEL"."NAME" FROM "LABEL" ORDER BY "LABEL"."NAME" ASC
SELECT "ARTICLE_LABELS"."ID", "ARTICLE_LABELS"."ARTICLE_ID", "ARTICLE_LABELS"."LABEL_ID", "ARTICLE"."ID", "ARTICLE"."TITLE" FROM "ARTICLE_LABELS" INNER JOIN "ARTICLE" ON ("ARTICLE_LABELS"."ARTICLE_ID" = "ARTICLE"."ID") WHERE "ARTICLE_LABELS"."LABEL_ID" IN (:1) ORDER BY "ARTICLE_LABELS"."ARTICLE_ID" ASC
   args: int64(3)

-- m2m: Add inserts the new pairs (Oracle reads the present ones first)
SELECT "LABEL_ID" FROM "ARTICLE_LABELS" WHERE "ARTICLE_ID" = :1 AND "LABEL_ID" IN (:2, :3)
   args: int64(1), int64(2), int64(3)
INSERT INTO "ARTICLE_LABELS" ("ARTICLE_ID", "LABEL_ID") SELECT :1, :2 FROM DUAL UNION ALL SELECT :3, :4 FROM DUAL
   args: int64(1), int64(2), int64(1), int64(3)

-- m2m: Remove
DELETE FROM "ARTICLE_LABELS" WHERE "ARTICLE_ID" = :1 AND "LABEL_ID" IN (:2, :3)
   args: int64(1), int64(2), int64(3)

-- m2m: Clear
DELETE FROM "ARTICLE_LABELS" WHERE "ARTICLE_ID" = :1
   args: int64(1)

-- m2m: Set reads the pairs, deletes the gone, adds the new
SELECT "LABEL_ID" FROM "ARTICLE_LABELS" WHERE "ARTICLE_ID" = :1
   args: int64(1)
DELETE FROM "ARTICLE_LABELS" WHERE "ARTICLE_ID" = :1 AND "LABEL_ID" IN (:2)
   args: int64(1), int64(5)
SAVEPOINT "S1"
SELECT "LABEL_ID" FROM "ARTICLE_LABELS" WHERE "ARTICLE_ID" = :1 AND "LABEL_ID" IN (:2)
   args: int64(1), int64(3)
INSERT INTO "ARTICLE_LABELS" ("ARTICLE_ID", "LABEL_ID") SELECT :1, :2 FROM DUAL
   args: int64(1), int64(3)

-- m2m: Query is an IN subquery on the join table
SELECT "LABEL"."ID", "LABEL"."NAME" FROM "LABEL" WHERE "LABEL"."ID" IN (SELECT "U0"."LABEL_ID" FROM "ARTICLE_LABELS" "U0" WHERE "U0"."ARTICLE_ID" = :1) AND "LABEL"."NAME" LIKE TRANSLATE(:2 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) ORDER BY "LABEL"."NAME" ASC
   args: int64(1), "g%"

-- m2m: SelectRelated of a many-to-many is an error
   error: sqlorm: invalid query: Article: SelectRelated("labels"): "labels" is not a foreign key of Article (a many-to-many relation is multi-valued: use PrefetchRelated); choices are (none)

-- m2m: unknown field after the relation
   error: sqlorm: invalid query: Article: "labels__nope": "nope" is neither a field of Label (choices are pk, id, name; reverse relations articles) nor a lookup: sqlorm/lookups: unknown lookup: "nope"; lookups are contains, endswith, exact, gt, gte, icontains, iendswith, iexact, in, iregex, isnull, istartswith, lt, lte, range, regex, startswith; transforms are date, day, hour, iso_week_day, iso_year, minute, month, quarter, second, week, week_day, year

-- m2m: unknown relation name
   error: sqlorm: invalid query: M2M[Label](*Article, "tags"): Article has no many-to-many relation "tags"; they are labels (the reverse side of another model's ManyToMany is known once that model is registered with orm.Register or used)

-- m2m: unsaved object
   error: sqlorm: invalid query: Article.labels.Add: the Label has not been saved (its ID is zero); save it first

-- one-to-one: reverse lookup is a join
SELECT "ACCOUNT"."ID", "ACCOUNT"."LOGIN" FROM "ACCOUNT" INNER JOIN "PROFILE" ON ("ACCOUNT"."ID" = "PROFILE"."ACCOUNT_ID") WHERE UPPER(DBMS_LOB.SUBSTR("PROFILE"."BIO")) LIKE UPPER(TRANSLATE(:1 USING NCHAR_CS)) ESCAPE TRANSLATE('\' USING NCHAR_CS) AND "PROFILE"."ID" > :2
   args: "%go%", int64(1)

-- one-to-one: Exclude on the reverse side is a LEFT OUTER JOIN, not NOT EXISTS
SELECT "ACCOUNT"."ID", "ACCOUNT"."LOGIN" FROM "ACCOUNT" LEFT OUTER JOIN "PROFILE" ON ("ACCOUNT"."ID" = "PROFILE"."ACCOUNT_ID") WHERE NOT (DBMS_LOB.SUBSTR("PROFILE"."BIO") = :1 AND "PROFILE"."BIO" IS NOT NULL)
   args: "x"

-- one-to-one: forward lookup and SelectRelated
SELECT "PROFILE"."ID", "PROFILE"."ACCOUNT_ID", "PROFILE"."BIO", "ACCOUNT"."ID", "ACCOUNT"."LOGIN" FROM "PROFILE" INNER JOIN "ACCOUNT" ON ("PROFILE"."ACCOUNT_ID" = "ACCOUNT"."ID") WHERE "ACCOUNT"."LOGIN" = :1
   args: "ann"

-- one-to-one: ReverseOne
SELECT "PROFILE"."ID", "PROFILE"."ACCOUNT_ID", "PROFILE"."BIO" FROM "PROFILE" WHERE "PROFILE"."ACCOUNT_ID" = :1 FETCH FIRST 21 ROWS ONLY
   args: int64(4)
