-- Golden SQL of the query language for dialect mysql. Regenerate: go test ./orm -run TestGoldenQueryLanguage -update

-- Trunc year of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-01-01 00:00:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc quarter of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(MAKEDATE(YEAR(`invoice`.`invoice_date`), 1) + INTERVAL QUARTER(`invoice`.`invoice_date`) QUARTER - INTERVAL 1 QUARTER, '%Y-%m-01 00:00:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc month of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-01 00:00:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc week of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(DATE_SUB(`invoice`.`invoice_date`, INTERVAL WEEKDAY(`invoice`.`invoice_date`) DAY), '%Y-%m-%d 00:00:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc day of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-%d 00:00:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc hour of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-%d %H:00:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc minute of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-%d %H:%i:00') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc second of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-%d %H:%i:%s') AS DATETIME) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc date of a datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, DATE(`invoice`.`invoice_date`) AS `t` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Trunc year of a date
SELECT `everything`.`id`, `everything`.`char`, `everything`.`text`, `everything`.`small`, `everything`.`int`, `everything`.`big`, `everything`.`pos_small`, `everything`.`pos`, `everything`.`pos_big`, `everything`.`float`, `everything`.`dec`, `everything`.`flag`, `everything`.`day`, `everything`.`clock`, `everything`.`at`, `everything`.`span`, `everything`.`email`, `everything`.`url`, `everything`.`slug`, `everything`.`uuid`, `everything`.`uuid_text`, `everything`.`doc`, `everything`.`tags`, `everything`.`blob`, `everything`.`n_str`, `everything`.`n_int`, `everything`.`n_time`, `everything`.`n_dec`, `everything`.`n_bool`, `everything`.`n_float`, `everything`.`nuuid`, `everything`.`n_duration`, MAKEDATE(YEAR(`everything`.`day`), 1) AS `t` FROM `everything`

-- Trunc quarter of a date
SELECT `everything`.`id`, `everything`.`char`, `everything`.`text`, `everything`.`small`, `everything`.`int`, `everything`.`big`, `everything`.`pos_small`, `everything`.`pos`, `everything`.`pos_big`, `everything`.`float`, `everything`.`dec`, `everything`.`flag`, `everything`.`day`, `everything`.`clock`, `everything`.`at`, `everything`.`span`, `everything`.`email`, `everything`.`url`, `everything`.`slug`, `everything`.`uuid`, `everything`.`uuid_text`, `everything`.`doc`, `everything`.`tags`, `everything`.`blob`, `everything`.`n_str`, `everything`.`n_int`, `everything`.`n_time`, `everything`.`n_dec`, `everything`.`n_bool`, `everything`.`n_float`, `everything`.`nuuid`, `everything`.`n_duration`, (MAKEDATE(YEAR(`everything`.`day`), 1) + INTERVAL QUARTER(`everything`.`day`) QUARTER - INTERVAL 1 QUARTER) AS `t` FROM `everything`

-- Trunc month of a date
SELECT `everything`.`id`, `everything`.`char`, `everything`.`text`, `everything`.`small`, `everything`.`int`, `everything`.`big`, `everything`.`pos_small`, `everything`.`pos`, `everything`.`pos_big`, `everything`.`float`, `everything`.`dec`, `everything`.`flag`, `everything`.`day`, `everything`.`clock`, `everything`.`at`, `everything`.`span`, `everything`.`email`, `everything`.`url`, `everything`.`slug`, `everything`.`uuid`, `everything`.`uuid_text`, `everything`.`doc`, `everything`.`tags`, `everything`.`blob`, `everything`.`n_str`, `everything`.`n_int`, `everything`.`n_time`, `everything`.`n_dec`, `everything`.`n_bool`, `everything`.`n_float`, `everything`.`nuuid`, `everything`.`n_duration`, CAST(DATE_FORMAT(`everything`.`day`, '%Y-%m-01') AS DATE) AS `t` FROM `everything`

-- Trunc week of a date
SELECT `everything`.`id`, `everything`.`char`, `everything`.`text`, `everything`.`small`, `everything`.`int`, `everything`.`big`, `everything`.`pos_small`, `everything`.`pos`, `everything`.`pos_big`, `everything`.`float`, `everything`.`dec`, `everything`.`flag`, `everything`.`day`, `everything`.`clock`, `everything`.`at`, `everything`.`span`, `everything`.`email`, `everything`.`url`, `everything`.`slug`, `everything`.`uuid`, `everything`.`uuid_text`, `everything`.`doc`, `everything`.`tags`, `everything`.`blob`, `everything`.`n_str`, `everything`.`n_int`, `everything`.`n_time`, `everything`.`n_dec`, `everything`.`n_bool`, `everything`.`n_float`, `everything`.`nuuid`, `everything`.`n_duration`, DATE_SUB(`everything`.`day`, INTERVAL WEEKDAY(`everything`.`day`) DAY) AS `t` FROM `everything`

-- Trunc day of a date
SELECT `everything`.`id`, `everything`.`char`, `everything`.`text`, `everything`.`small`, `everything`.`int`, `everything`.`big`, `everything`.`pos_small`, `everything`.`pos`, `everything`.`pos_big`, `everything`.`float`, `everything`.`dec`, `everything`.`flag`, `everything`.`day`, `everything`.`clock`, `everything`.`at`, `everything`.`span`, `everything`.`email`, `everything`.`url`, `everything`.`slug`, `everything`.`uuid`, `everything`.`uuid_text`, `everything`.`doc`, `everything`.`tags`, `everything`.`blob`, `everything`.`n_str`, `everything`.`n_int`, `everything`.`n_time`, `everything`.`n_dec`, `everything`.`n_bool`, `everything`.`n_float`, `everything`.`nuuid`, `everything`.`n_duration`, DATE(`everything`.`day`) AS `t` FROM `everything`

-- TruncMonth compared with a time
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-01 00:00:00') AS DATETIME) AS `m` FROM `invoice` WHERE (CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-01 00:00:00') AS DATETIME)) >= ? ORDER BY `invoice`.`invoice_id` ASC
   args: "2024-01-01 00:00:00.000000"

-- TruncMonth in a filter value
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total` FROM `invoice` WHERE `invoice`.`invoice_date` = (CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-%d 00:00:00') AS DATETIME))

-- monthly revenue
SELECT CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-01 00:00:00') AS DATETIME) AS `month`, SUM(`invoice`.`total`) AS `revenue` FROM `invoice` GROUP BY CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-01 00:00:00') AS DATETIME) ORDER BY CAST(DATE_FORMAT(`invoice`.`invoice_date`, '%Y-%m-01 00:00:00') AS DATETIME) ASC

-- Trunc of an unknown kind
   error: sqlorm: invalid query: Trunc(invoice_date, "decade'); DROP TABLE invoice; --"): no such kind; choices are year, quarter, month, week, day, hour, minute, second, date (in ChInvoice.Annotate)

-- Trunc of a date to an hour
   error: sqlorm: invalid query: Everything: Trunc(F(day), "hour"): sqlorm/dialect: not supported: a DateField cannot be truncated to hour (it has no time of day); truncate a DateTimeField

-- Trunc of a text
   error: sqlorm: invalid query: ChInvoice: Trunc(F(billing_city), "month"): sqlorm/dialect: not supported: Trunc applies to a DateField or a DateTimeField, not a CharField

-- Trunc of a value
   error: sqlorm: invalid query: ChInvoice: Trunc(2024-01-01 00:00:00 +0000 UTC, "month") takes a field or an expression, not a value

-- Cast to int, float, text, date, datetime
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(`invoice`.`total` AS signed integer) AS `i`, CAST(`invoice`.`customer_id` AS double) AS `f`, CAST(`invoice`.`invoice_id` AS char) AS `s`, CAST(`invoice`.`invoice_date` AS date) AS `d`, CAST(`invoice`.`invoice_date` AS datetime(6)) AS `dt` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- CastDecimal
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, CAST(`invoice`.`customer_id` AS decimal(10, 2)) AS `d` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC

-- Cast to an unknown kind
   error: sqlorm: invalid query: Cast(total, "integer) FROM invoice; --"): no such kind; choices are BigIntegerField, BooleanField, CharField, DateField, DateTimeField, FloatField, IntegerField, SmallIntegerField, TextField, TimeField, bigint, bool, date, datetime, float, int, integer, smallint, text, time, or use CastDecimal (in ChInvoice.Annotate)

-- CastDecimal with bad digits
   error: sqlorm: invalid query: CastDecimal(total, 0, 2): need 1 <= maxDigits <= 38 and 0 <= places <= maxDigits (in ChInvoice.Annotate)

-- Round, Mod
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total`, ROUND(`invoice`.`total`, ?) AS `r0`, ROUND(`invoice`.`total`, ?) AS `r1`, MOD(`invoice`.`invoice_id`, ?) AS `m`, ROUND((`invoice`.`total` * ?), ?) AS `rf` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC
   args: int64(0), int64(1), int64(7), float64(1.5), int64(2)

-- Mod compared
SELECT `invoice`.`invoice_id`, `invoice`.`customer_id`, `invoice`.`invoice_date`, `invoice`.`billing_city`, `invoice`.`billing_state`, `invoice`.`billing_country`, `invoice`.`total` FROM `invoice` WHERE `invoice`.`invoice_id` = (MOD(`invoice`.`customer_id`, ?))
   args: int64(3)

-- Round of a text value
   error: sqlorm: invalid query: ChInvoice: Round: argument 1, "x" (string), is not a number

-- RowNumber over a partition
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, ROW_NUMBER() OVER (PARTITION BY `track`.`genre_id` ORDER BY `track`.`milliseconds` DESC, `track`.`track_id` ASC) AS `rn` FROM `track` ORDER BY `track`.`track_id` ASC

-- ranks
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, RANK() OVER (ORDER BY `track`.`unit_price` ASC) AS `r`, DENSE_RANK() OVER (ORDER BY `track`.`unit_price` DESC) AS `dr`, PERCENT_RANK() OVER (ORDER BY `track`.`milliseconds` ASC) AS `pr`, CUME_DIST() OVER (ORDER BY `track`.`milliseconds` ASC) AS `cd`, NTILE(4) OVER (ORDER BY `track`.`milliseconds` ASC) AS `q` FROM `track` ORDER BY `track`.`track_id` ASC

-- Lag, Lead, FirstValue, LastValue, NthValue
   error: sqlorm: invalid query: ChTrack: sqlorm/dialect: not supported: ChTrack: Lead with a default: MariaDB's LEAD takes no default on the mysql dialect; give nil and Coalesce the Window (which also replaces NULL values)

-- aggregates over windows
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, SUM(`track`.`milliseconds`) OVER (PARTITION BY `track`.`album_id`) AS `album_ms`, AVG(`track`.`unit_price`) OVER (PARTITION BY `track`.`genre_id`, `track`.`media_type_id`) AS `avg_price`, COUNT(*) OVER (PARTITION BY `track`.`album_id`) AS `n`, SUM(`track`.`milliseconds`) OVER (ORDER BY `track`.`track_id` ASC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS `moving`, MAX(`track`.`bytes`) OVER (ORDER BY `track`.`milliseconds` ASC RANGE BETWEEN 1000 PRECEDING AND 1000 FOLLOWING) AS `near` FROM `track` ORDER BY `track`.`track_id` ASC

-- a window over a relation
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, ROW_NUMBER() OVER (PARTITION BY `album`.`artist_id` ORDER BY `track`.`name` ASC) AS `rn` FROM `track` LEFT OUTER JOIN `album` ON (`track`.`album_id` = `album`.`album_id`) ORDER BY `track`.`track_id` ASC

-- filter on a window: top track per genre
SELECT * FROM (SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, ROW_NUMBER() OVER (PARTITION BY `track`.`genre_id` ORDER BY `track`.`milliseconds` DESC, `track`.`track_id` ASC) AS `rn` FROM `track` WHERE `track`.`milliseconds` > ? AND `track`.`unit_price` < ?) `qualify` WHERE (`qualify`.`rn`) = ? ORDER BY `qualify`.`genre_id` ASC, `qualify`.`rn` DESC LIMIT 30
   args: int64(1000), int64(2), int64(1)

-- filter on a window with Or
SELECT * FROM (SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, RANK() OVER (ORDER BY `track`.`bytes` DESC) AS `r` FROM `track`) `qualify` WHERE (`qualify`.`r`) <= ? OR `qualify`.`name` LIKE BINARY ?
   args: int64(3), "A%"

-- filter on a window with a relation
   error: sqlorm: invalid query: ChTrack: a Filter on a window annotation reads the rows the window was computed over, which hold the model's own fields and annotations only; "genre__name" crosses a relation: filter on it in a Filter call of its own, or annotate it

-- count with a filter on a window
SELECT COUNT(*) FROM (SELECT * FROM (SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, ROW_NUMBER() OVER (PARTITION BY `track`.`genre_id` ORDER BY `track`.`milliseconds` DESC) AS `rn` FROM `track`) `qualify` WHERE (`qualify`.`rn`) <= ?) subquery
   args: int64(3)

-- ordered by a window
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price`, RANK() OVER (ORDER BY `track`.`bytes` DESC) AS `r` FROM `track` ORDER BY RANK() OVER (ORDER BY `track`.`bytes` DESC) ASC, `track`.`track_id` ASC

-- a Window as a filter value
   error: sqlorm: invalid query: ChTrack: "milliseconds__gt": a Window cannot be a filter's value (SQL allows no window function in WHERE); annotate it and filter on its name

-- a window over groups
SELECT `track`.`genre_id`, SUM(`track`.`milliseconds`) AS `total`, RANK() OVER (ORDER BY SUM(`track`.`milliseconds`) DESC) AS `r` FROM `track` GROUP BY `track`.`genre_id` ORDER BY `track`.`genre_id` ASC

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
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? UNION SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`milliseconds` > ?
   args: int64(1), int64(600000)

-- UnionAll of three, ordered and sliced
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? UNION ALL SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? UNION ALL SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`name` LIKE BINARY ? ORDER BY 7 DESC, 1 ASC LIMIT 10 OFFSET 5
   args: int64(1), int64(2), "A%"

-- Intersection
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` INNER JOIN `genre` ON (`track`.`genre_id` = `genre`.`genre_id`) WHERE `genre`.`name` = ? INTERSECT SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`composer` IS NULL ORDER BY 2 ASC
   args: "Rock"

-- Difference
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? EXCEPT SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`unit_price` = ?
   args: int64(1), "0.99"

-- Union of ordered and sliced QuerySets
(SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` ORDER BY `track`.`milliseconds` DESC LIMIT 3) UNION (SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` ORDER BY `track`.`bytes` ASC LIMIT 3)

-- Union with a part that matches nothing
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ?
   args: int64(3)

-- Intersection with a part that matches nothing
(no statement)

-- Count and Exists of a Union
SELECT COUNT(*) FROM (SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? UNION SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ?) subquery
   args: int64(1), int64(2)
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? UNION SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? LIMIT 1
   args: int64(1), int64(2)

-- First of a Union
SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? UNION SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? ORDER BY 1 ASC LIMIT 1
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
SELECT `invoice`.`invoice_id`, `invoice`.`total` FROM `invoice` ORDER BY `invoice`.`total` DESC LIMIT 10 OFFSET 5

-- Values First
SELECT `invoice`.`invoice_id` FROM `invoice` ORDER BY `invoice`.`invoice_id` ASC LIMIT 1

-- Values Count of groups
SELECT COUNT(*) FROM (SELECT `invoice`.`billing_country`, COUNT(*) AS `n` FROM `invoice` GROUP BY `invoice`.`billing_country`) subquery

-- Values Exists
SELECT `invoice`.`invoice_id` FROM `invoice` WHERE `invoice`.`total` > ? LIMIT 1
   args: int64(10)

-- Values filtered on a window
SELECT * FROM (SELECT `track`.`track_id`, ROW_NUMBER() OVER (PARTITION BY `track`.`genre_id` ORDER BY `track`.`milliseconds` DESC) AS `rn` FROM `track`) `qualify` WHERE (`qualify`.`rn`) <= ? ORDER BY `qualify`.`track_id` ASC
   args: int64(2)

-- Values across a relation filtered on a window
   error: sqlorm: invalid query: ChTrack: Values("genre__name") with a Filter on a window annotation: the derived table holds the model's own fields and annotations only; annotate F("genre__name") and name the annotation

-- Scalar
SELECT COUNT(*) AS `value` FROM `invoice`

-- Explain
EXPLAIN SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? ORDER BY `track`.`name` ASC
   args: int64(1)

-- Explain with a format
SELECT VERSION()
EXPLAIN FORMAT=JSON SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? ORDER BY `track`.`name` ASC
   args: int64(1)

-- Explain analyze verbose
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: unknown options: "VERBOSE"; mysql takes analyze

-- Explain analyze
SELECT VERSION()
ANALYZE SELECT `track`.`track_id`, `track`.`name`, `track`.`album_id`, `track`.`media_type_id`, `track`.`genre_id`, `track`.`composer`, `track`.`milliseconds`, `track`.`bytes`, `track`.`unit_price` FROM `track` WHERE `track`.`genre_id` = ? ORDER BY `track`.`name` ASC
   args: int64(1)

-- Explain with an unknown format
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: "json) SELECT 1; --" is not a recognized format; allowed formats: JSON, TEXT, TRADITIONAL, TREE

-- Explain with an unknown option
   error: sqlorm: invalid query: ChTrack: Explain: sqlorm/dialect: not supported: unknown options: "analyze) DELETE FROM track; --"; mysql takes analyze

-- Explain with two formats
   error: sqlorm: invalid query: ChTrack: Explain: two formats, "json" and "text"
