package orm

// SnakeCase returns the name the ORM derives from a Go identifier for a
// table (from the type name) or a column (from the field name):
// Product → product, OrderItem → order_item, AlbumID → album_id,
// HTTPStatus → http_status. Code that writes models for an existing
// schema (sqlorm inspectdb) uses it to know when a db_column or
// Meta.Table is needed.
func SnakeCase(goName string) string { return snakeCase(goName) }
