-- Golden SQL of the query language for dialect oracle. Regenerate: go test ./orm -run TestGoldenQueryLanguage -update

-- Trunc year of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'YEAR') AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc quarter of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'Q') AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc month of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'MONTH') AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc week of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'IW') AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc day of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE") AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc hour of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'HH24') AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc minute of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'MI') AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc second of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", CAST("INVOICE"."INVOICE_DATE" AS DATE) AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc date of a datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE") AS "T" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Trunc year of a date
SELECT "EVERYTHING"."ID", "EVERYTHING"."CHAR", "EVERYTHING"."TEXT", "EVERYTHING"."SMALL", "EVERYTHING"."INT", "EVERYTHING"."BIG", "EVERYTHING"."POS_SMALL", "EVERYTHING"."POS", "EVERYTHING"."POS_BIG", "EVERYTHING"."FLOAT", "EVERYTHING"."DEC", "EVERYTHING"."FLAG", "EVERYTHING"."DAY", "EVERYTHING"."CLOCK", "EVERYTHING"."AT", "EVERYTHING"."SPAN", "EVERYTHING"."EMAIL", "EVERYTHING"."URL", "EVERYTHING"."SLUG", "EVERYTHING"."UUID", "EVERYTHING"."UUID_TEXT", "EVERYTHING"."DOC", "EVERYTHING"."TAGS", "EVERYTHING"."BLOB", "EVERYTHING"."N_STR", "EVERYTHING"."N_INT", "EVERYTHING"."N_TIME", "EVERYTHING"."N_DEC", "EVERYTHING"."N_BOOL", "EVERYTHING"."N_FLOAT", "EVERYTHING"."NUUID", "EVERYTHING"."N_DURATION", TRUNC("EVERYTHING"."DAY", 'YEAR') AS "T" FROM "EVERYTHING"

-- Trunc quarter of a date
SELECT "EVERYTHING"."ID", "EVERYTHING"."CHAR", "EVERYTHING"."TEXT", "EVERYTHING"."SMALL", "EVERYTHING"."INT", "EVERYTHING"."BIG", "EVERYTHING"."POS_SMALL", "EVERYTHING"."POS", "EVERYTHING"."POS_BIG", "EVERYTHING"."FLOAT", "EVERYTHING"."DEC", "EVERYTHING"."FLAG", "EVERYTHING"."DAY", "EVERYTHING"."CLOCK", "EVERYTHING"."AT", "EVERYTHING"."SPAN", "EVERYTHING"."EMAIL", "EVERYTHING"."URL", "EVERYTHING"."SLUG", "EVERYTHING"."UUID", "EVERYTHING"."UUID_TEXT", "EVERYTHING"."DOC", "EVERYTHING"."TAGS", "EVERYTHING"."BLOB", "EVERYTHING"."N_STR", "EVERYTHING"."N_INT", "EVERYTHING"."N_TIME", "EVERYTHING"."N_DEC", "EVERYTHING"."N_BOOL", "EVERYTHING"."N_FLOAT", "EVERYTHING"."NUUID", "EVERYTHING"."N_DURATION", TRUNC("EVERYTHING"."DAY", 'Q') AS "T" FROM "EVERYTHING"

-- Trunc month of a date
SELECT "EVERYTHING"."ID", "EVERYTHING"."CHAR", "EVERYTHING"."TEXT", "EVERYTHING"."SMALL", "EVERYTHING"."INT", "EVERYTHING"."BIG", "EVERYTHING"."POS_SMALL", "EVERYTHING"."POS", "EVERYTHING"."POS_BIG", "EVERYTHING"."FLOAT", "EVERYTHING"."DEC", "EVERYTHING"."FLAG", "EVERYTHING"."DAY", "EVERYTHING"."CLOCK", "EVERYTHING"."AT", "EVERYTHING"."SPAN", "EVERYTHING"."EMAIL", "EVERYTHING"."URL", "EVERYTHING"."SLUG", "EVERYTHING"."UUID", "EVERYTHING"."UUID_TEXT", "EVERYTHING"."DOC", "EVERYTHING"."TAGS", "EVERYTHING"."BLOB", "EVERYTHING"."N_STR", "EVERYTHING"."N_INT", "EVERYTHING"."N_TIME", "EVERYTHING"."N_DEC", "EVERYTHING"."N_BOOL", "EVERYTHING"."N_FLOAT", "EVERYTHING"."NUUID", "EVERYTHING"."N_DURATION", TRUNC("EVERYTHING"."DAY", 'MONTH') AS "T" FROM "EVERYTHING"

-- Trunc week of a date
SELECT "EVERYTHING"."ID", "EVERYTHING"."CHAR", "EVERYTHING"."TEXT", "EVERYTHING"."SMALL", "EVERYTHING"."INT", "EVERYTHING"."BIG", "EVERYTHING"."POS_SMALL", "EVERYTHING"."POS", "EVERYTHING"."POS_BIG", "EVERYTHING"."FLOAT", "EVERYTHING"."DEC", "EVERYTHING"."FLAG", "EVERYTHING"."DAY", "EVERYTHING"."CLOCK", "EVERYTHING"."AT", "EVERYTHING"."SPAN", "EVERYTHING"."EMAIL", "EVERYTHING"."URL", "EVERYTHING"."SLUG", "EVERYTHING"."UUID", "EVERYTHING"."UUID_TEXT", "EVERYTHING"."DOC", "EVERYTHING"."TAGS", "EVERYTHING"."BLOB", "EVERYTHING"."N_STR", "EVERYTHING"."N_INT", "EVERYTHING"."N_TIME", "EVERYTHING"."N_DEC", "EVERYTHING"."N_BOOL", "EVERYTHING"."N_FLOAT", "EVERYTHING"."NUUID", "EVERYTHING"."N_DURATION", TRUNC("EVERYTHING"."DAY", 'IW') AS "T" FROM "EVERYTHING"

-- Trunc day of a date
SELECT "EVERYTHING"."ID", "EVERYTHING"."CHAR", "EVERYTHING"."TEXT", "EVERYTHING"."SMALL", "EVERYTHING"."INT", "EVERYTHING"."BIG", "EVERYTHING"."POS_SMALL", "EVERYTHING"."POS", "EVERYTHING"."POS_BIG", "EVERYTHING"."FLOAT", "EVERYTHING"."DEC", "EVERYTHING"."FLAG", "EVERYTHING"."DAY", "EVERYTHING"."CLOCK", "EVERYTHING"."AT", "EVERYTHING"."SPAN", "EVERYTHING"."EMAIL", "EVERYTHING"."URL", "EVERYTHING"."SLUG", "EVERYTHING"."UUID", "EVERYTHING"."UUID_TEXT", "EVERYTHING"."DOC", "EVERYTHING"."TAGS", "EVERYTHING"."BLOB", "EVERYTHING"."N_STR", "EVERYTHING"."N_INT", "EVERYTHING"."N_TIME", "EVERYTHING"."N_DEC", "EVERYTHING"."N_BOOL", "EVERYTHING"."N_FLOAT", "EVERYTHING"."NUUID", "EVERYTHING"."N_DURATION", TRUNC("EVERYTHING"."DAY") AS "T" FROM "EVERYTHING"

-- TruncMonth compared with a time
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", TRUNC("INVOICE"."INVOICE_DATE", 'MONTH') AS "M" FROM "INVOICE" WHERE (TRUNC("INVOICE"."INVOICE_DATE", 'MONTH')) >= :1 ORDER BY "INVOICE"."INVOICE_ID" ASC
   args: time(2024-01-01T00:00:00Z)

-- TruncMonth in a filter value
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL" FROM "INVOICE" WHERE "INVOICE"."INVOICE_DATE" = (TRUNC("INVOICE"."INVOICE_DATE"))

-- monthly revenue
SELECT TRUNC("INVOICE"."INVOICE_DATE", 'MONTH') AS "MONTH", SUM("INVOICE"."TOTAL") AS "REVENUE" FROM "INVOICE" GROUP BY TRUNC("INVOICE"."INVOICE_DATE", 'MONTH') ORDER BY TRUNC("INVOICE"."INVOICE_DATE", 'MONTH') ASC

-- Trunc of an unknown kind
   error: sqlorm: invalid query: Trunc(invoice_date, "decade'); DROP TABLE invoice; --"): no such kind; choices are year, quarter, month, week, day, hour, minute, second, date (in ChInvoice.Annotate)

-- Trunc of a date to an hour
   error: sqlorm: invalid query: Everything: Trunc(F(day), "hour"): sqlorm/dialect: not supported: a DateField cannot be truncated to hour (it has no time of day); truncate a DateTimeField

-- Trunc of a text
   error: sqlorm: invalid query: ChInvoice: Trunc(F(billing_city), "month"): sqlorm/dialect: not supported: Trunc applies to a DateField or a DateTimeField, not a CharField

-- Trunc of a value
   error: sqlorm: invalid query: ChInvoice: Trunc(2024-01-01 00:00:00 +0000 UTC, "month") takes a field or an expression, not a value

-- Cast to int, float, text, date, datetime
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", CAST("INVOICE"."TOTAL" AS NUMBER(11)) AS "I", CAST("INVOICE"."CUSTOMER_ID" AS DOUBLE PRECISION) AS "F", CAST("INVOICE"."INVOICE_ID" AS NVARCHAR2(2000)) AS "S", CAST("INVOICE"."INVOICE_DATE" AS DATE) AS "D", CAST("INVOICE"."INVOICE_DATE" AS TIMESTAMP) AS "DT" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- CastDecimal
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", CAST("INVOICE"."CUSTOMER_ID" AS NUMBER(10, 2)) AS "D" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC

-- Cast to an unknown kind
   error: sqlorm: invalid query: Cast(total, "integer) FROM invoice; --"): no such kind; choices are BigIntegerField, BooleanField, CharField, DateField, DateTimeField, FloatField, IntegerField, SmallIntegerField, TextField, TimeField, bigint, bool, date, datetime, float, int, integer, smallint, text, time, or use CastDecimal (in ChInvoice.Annotate)

-- CastDecimal with bad digits
   error: sqlorm: invalid query: CastDecimal(total, 0, 2): need 1 <= maxDigits <= 38 and 0 <= places <= maxDigits (in ChInvoice.Annotate)

-- Round, Mod
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL", ROUND("INVOICE"."TOTAL", :1) AS "R0", ROUND("INVOICE"."TOTAL", :2) AS "R1", MOD("INVOICE"."INVOICE_ID", :3) AS "M", ROUND(("INVOICE"."TOTAL" * :4), :5) AS "RF" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC
   args: int64(0), int64(1), int64(7), float64(1.5), int64(2)

-- Mod compared
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."CUSTOMER_ID", "INVOICE"."INVOICE_DATE", "INVOICE"."BILLING_CITY", "INVOICE"."BILLING_STATE", "INVOICE"."BILLING_COUNTRY", "INVOICE"."TOTAL" FROM "INVOICE" WHERE "INVOICE"."INVOICE_ID" = (MOD("INVOICE"."CUSTOMER_ID", :1))
   args: int64(3)

-- Round of a text value
   error: sqlorm: invalid query: ChInvoice: Round: argument 1, "x" (string), is not a number

-- RowNumber over a partition
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", ROW_NUMBER() OVER (PARTITION BY "TRACK"."GENRE_ID" ORDER BY "TRACK"."MILLISECONDS" DESC, "TRACK"."TRACK_ID" ASC) AS "RN" FROM "TRACK" ORDER BY "TRACK"."TRACK_ID" ASC

-- ranks
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", RANK() OVER (ORDER BY "TRACK"."UNIT_PRICE" ASC) AS "R", DENSE_RANK() OVER (ORDER BY "TRACK"."UNIT_PRICE" DESC) AS "DR", PERCENT_RANK() OVER (ORDER BY "TRACK"."MILLISECONDS" ASC) AS "PR", CUME_DIST() OVER (ORDER BY "TRACK"."MILLISECONDS" ASC) AS "CD", NTILE(4) OVER (ORDER BY "TRACK"."MILLISECONDS" ASC) AS "Q" FROM "TRACK" ORDER BY "TRACK"."TRACK_ID" ASC

-- Lag, Lead, FirstValue, LastValue, NthValue
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", LAG("TRACK"."MILLISECONDS", 1) OVER (PARTITION BY "TRACK"."ALBUM_ID" ORDER BY "TRACK"."TRACK_ID" ASC) AS "PREV", LEAD("TRACK"."NAME", 2, :1) OVER (PARTITION BY "TRACK"."ALBUM_ID" ORDER BY "TRACK"."TRACK_ID" ASC) AS "NEXT", FIRST_VALUE("TRACK"."NAME") OVER (PARTITION BY "TRACK"."ALBUM_ID" ORDER BY "TRACK"."TRACK_ID" ASC) AS "FIRST", LAST_VALUE("TRACK"."NAME") OVER (PARTITION BY "TRACK"."ALBUM_ID" ORDER BY "TRACK"."TRACK_ID" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "LAST", NTH_VALUE("TRACK"."NAME", 2) OVER (PARTITION BY "TRACK"."ALBUM_ID" ORDER BY "TRACK"."TRACK_ID" ASC) AS "SECOND" FROM "TRACK" ORDER BY "TRACK"."TRACK_ID" ASC
   args: "none"

-- aggregates over windows
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", SUM("TRACK"."MILLISECONDS") OVER (PARTITION BY "TRACK"."ALBUM_ID") AS "ALBUM_MS", AVG("TRACK"."UNIT_PRICE") OVER (PARTITION BY "TRACK"."GENRE_ID", "TRACK"."MEDIA_TYPE_ID") AS "AVG_PRICE", COUNT(*) OVER (PARTITION BY "TRACK"."ALBUM_ID") AS "N", SUM("TRACK"."MILLISECONDS") OVER (ORDER BY "TRACK"."TRACK_ID" ASC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS "MOVING", MAX("TRACK"."BYTES") OVER (ORDER BY "TRACK"."MILLISECONDS" ASC RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) AS "NEAR" FROM "TRACK" ORDER BY "TRACK"."TRACK_ID" ASC

-- a window over a relation
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", ROW_NUMBER() OVER (PARTITION BY "ALBUM"."ARTIST_ID" ORDER BY "TRACK"."NAME" ASC) AS "RN" FROM "TRACK" LEFT OUTER JOIN "ALBUM" ON ("TRACK"."ALBUM_ID" = "ALBUM"."ALBUM_ID") ORDER BY "TRACK"."TRACK_ID" ASC

-- filter on a window: top track per genre
SELECT * FROM (SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", ROW_NUMBER() OVER (PARTITION BY "TRACK"."GENRE_ID" ORDER BY "TRACK"."MILLISECONDS" DESC, "TRACK"."TRACK_ID" ASC) AS "RN" FROM "TRACK" WHERE "TRACK"."MILLISECONDS" > :1 AND "TRACK"."UNIT_PRICE" < :2) "QUALIFY" WHERE ("QUALIFY"."RN") = :3 ORDER BY "QUALIFY"."GENRE_ID" ASC, "QUALIFY"."RN" DESC FETCH FIRST 30 ROWS ONLY
   args: int64(1000), int64(2), int64(1)

-- filter on a window with Or
SELECT * FROM (SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", RANK() OVER (ORDER BY "TRACK"."BYTES" DESC) AS "R" FROM "TRACK") "QUALIFY" WHERE ("QUALIFY"."R") <= :1 OR "QUALIFY"."NAME" LIKE TRANSLATE(:2 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS)
   args: int64(3), "A%"

-- filter on a window with a relation
   error: sqlorm: invalid query: ChTrack: a Filter on a window annotation reads the rows the window was computed over, which hold the model's own fields and annotations only; "genre__name" crosses a relation: filter on it in a Filter call of its own, or annotate it

-- count with a filter on a window
SELECT COUNT(*) FROM (SELECT * FROM (SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", ROW_NUMBER() OVER (PARTITION BY "TRACK"."GENRE_ID" ORDER BY "TRACK"."MILLISECONDS" DESC) AS "RN" FROM "TRACK") "QUALIFY" WHERE ("QUALIFY"."RN") <= :1) subquery
   args: int64(3)

-- ordered by a window
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE", RANK() OVER (ORDER BY "TRACK"."BYTES" DESC) AS "R" FROM "TRACK" ORDER BY RANK() OVER (ORDER BY "TRACK"."BYTES" DESC) ASC, "TRACK"."TRACK_ID" ASC

-- a Window as a filter value
   error: sqlorm: invalid query: ChTrack: "milliseconds__gt": a Window cannot be a filter's value (SQL allows no window function in WHERE); annotate it and filter on its name

-- a window over groups
SELECT "TRACK"."GENRE_ID", SUM("TRACK"."MILLISECONDS") AS "TOTAL", RANK() OVER (ORDER BY SUM("TRACK"."MILLISECONDS") DESC) AS "R" FROM "TRACK" GROUP BY "TRACK"."GENRE_ID" ORDER BY "TRACK"."GENRE_ID" ASC

-- a window function without a Window
   error: sqlorm: invalid query: ChTrack: RowNumber() must be used in a Window: orm.Window(orm.RowNumber(), ...)

-- Window of a plain Expr
   error: sqlorm: invalid query: Window(F(milliseconds)): not a window function nor an aggregate; use RowNumber, Rank, ..., Lag, Lead, or Sum, Avg, ... (in ChTrack.Annotate)

-- Ntile of zero
   error: sqlorm: invalid query: Ntile(0): the number of buckets must be greater than 0 (in ChTrack.Annotate)

-- a frame ending before it starts
   error: sqlorm: invalid query: RowRange(CURRENT ROW, 1 PRECEDING): the frame must start before it ends (in ChTrack.Annotate)

-- a frame with a negative offset
   error: sqlorm: invalid query: RowRange: Preceding and Following take a positive number, got -1 (CurrentRow is 0) (in ChTrack.Annotate)

-- Union
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1 UNION SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."MILLISECONDS" > :2
   args: int64(1), int64(600000)

-- UnionAll of three, ordered and sliced
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1 UNION ALL SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :2 UNION ALL SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."NAME" LIKE TRANSLATE(:3 USING NCHAR_CS) ESCAPE TRANSLATE('\' USING NCHAR_CS) ORDER BY 7 DESC, 1 ASC OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY
   args: int64(1), int64(2), "A%"

-- Intersection
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" INNER JOIN "GENRE" ON ("TRACK"."GENRE_ID" = "GENRE"."GENRE_ID") WHERE "GENRE"."NAME" = :1 INTERSECT SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."COMPOSER" IS NULL ORDER BY 2 ASC
   args: "Rock"

-- Difference
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1 MINUS SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."UNIT_PRICE" = :2
   args: int64(1), "0.99"

-- Union of ordered and sliced QuerySets
(SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" ORDER BY "TRACK"."MILLISECONDS" DESC FETCH FIRST 3 ROWS ONLY) UNION (SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" ORDER BY "TRACK"."BYTES" ASC FETCH FIRST 3 ROWS ONLY)

-- Union with a part that matches nothing
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1
   args: int64(3)

-- Intersection with a part that matches nothing
(no statement)

-- Count and Exists of a Union
SELECT COUNT(*) FROM (SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1 UNION SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :2) subquery
   args: int64(1), int64(2)
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1 UNION SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :2 FETCH FIRST 1 ROWS ONLY
   args: int64(1), int64(2)

-- First of a Union
SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :1 UNION SELECT "TRACK"."TRACK_ID", "TRACK"."NAME", "TRACK"."ALBUM_ID", "TRACK"."MEDIA_TYPE_ID", "TRACK"."GENRE_ID", "TRACK"."COMPOSER", "TRACK"."MILLISECONDS", "TRACK"."BYTES", "TRACK"."UNIT_PRICE" FROM "TRACK" WHERE "TRACK"."GENRE_ID" = :2 ORDER BY 1 ASC FETCH FIRST 1 ROWS ONLY
   args: int64(1), int64(2)

-- Filter after Union
   error: sqlorm: invalid query: ChTrack: only OrderBy, Limit, Offset and the reading methods (All, AllAnnotated, First, Last, Count, Exists, Iterator) may follow Union, as in Django; filter, annotate, update or delete each QuerySet before combining them

-- Annotate after Union
   error: sqlorm: invalid query: ChTrack: only OrderBy, Limit, Offset and the reading methods (All, AllAnnotated, First, Last, Count, Exists, Iterator) may follow Union, as in Django; filter, annotate, update or delete each QuerySet before combining them

-- Delete after Union
   error: sqlorm: invalid query: ChTrack: only OrderBy, Limit, Offset and the reading methods (All, AllAnnotated, First, Last, Count, Exists, Iterator) may follow Union, as in Django; filter, annotate, update or delete each QuerySet before combining them

-- Update after Difference
   error: sqlorm: invalid query: ChTrack: only OrderBy, Limit, Offset and the reading methods (All, AllAnnotated, First, Last, Count, Exists, Iterator) may follow Difference, as in Django; filter, annotate, update or delete each QuerySet before combining them

-- Get, InBulk, Aggregate and Values after Union
   error: sqlorm: invalid query: ChTrack: only OrderBy, Limit, Offset and the reading methods (All, AllAnnotated, First, Last, Count, Exists, Iterator) may follow Union, as in Django; filter, annotate, update or delete each QuerySet before combining them

-- Union ordered across a relation
   error: sqlorm: invalid query: ChTrack: the ordering of a combined query (Union) names the model's own fields only: ORDER BY term does not match any column in the result set

-- Union of an annotated QuerySet
   error: sqlorm: invalid query: ChTrack.Union: QuerySet 0 has Annotate, SelectRelated, PrefetchRelated, Only, Defer, Distinct or SelectForUpdate; the QuerySets of a set operation select whole rows

-- Union of nothing
   error: sqlorm: invalid query: ChTrack.Union: give at least one QuerySet to combine with

-- Values sliced
SELECT "INVOICE"."INVOICE_ID", "INVOICE"."TOTAL" FROM "INVOICE" ORDER BY "INVOICE"."TOTAL" DESC OFFSET 5 ROWS FETCH FIRST 10 ROWS ONLY

-- Values First
SELECT "INVOICE"."INVOICE_ID" FROM "INVOICE" ORDER BY "INVOICE"."INVOICE_ID" ASC FETCH FIRST 1 ROWS ONLY

-- Values Count of groups
SELECT COUNT(*) FROM (SELECT "INVOICE"."BILLING_COUNTRY", COUNT(*) AS "N" FROM "INVOICE" GROUP BY "INVOICE"."BILLING_COUNTRY") subquery

-- Values Exists
SELECT "INVOICE"."INVOICE_ID" FROM "INVOICE" WHERE "INVOICE"."TOTAL" > :1 FETCH FIRST 1 ROWS ONLY
   args: int64(10)

-- Values filtered on a window
SELECT * FROM (SELECT "TRACK"."TRACK_ID", ROW_NUMBER() OVER (PARTITION BY "TRACK"."GENRE_ID" ORDER BY "TRACK"."MILLISECONDS" DESC) AS "RN" FROM "TRACK") "QUALIFY" WHERE ("QUALIFY"."RN") <= :1 ORDER BY "QUALIFY"."TRACK_ID" ASC
   args: int64(2)

-- Values across a relation filtered on a window
   error: sqlorm: invalid query: ChTrack: Values("genre__name") with a Filter on a window annotation: the derived table holds the model's own fields and annotations only; annotate F("genre__name") and name the annotation

-- Scalar
SELECT COUNT(*) AS "VALUE" FROM "INVOICE"

-- Explain
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: oracle cannot explain a query (Django: this backend does not support explaining query execution)

-- Explain with a format
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: oracle cannot explain a query (Django: this backend does not support explaining query execution)

-- Explain analyze verbose
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: oracle cannot explain a query (Django: this backend does not support explaining query execution)

-- Explain analyze
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: oracle cannot explain a query (Django: this backend does not support explaining query execution)

-- Explain with an unknown format
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: oracle cannot explain a query (Django: this backend does not support explaining query execution)

-- Explain with an unknown option
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: oracle cannot explain a query (Django: this backend does not support explaining query execution)

-- Explain with two formats
   error: sqlorm: invalid query: ChTrack: Explain: two formats, "json" and "text"
