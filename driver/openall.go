package driver

import (
	"database/sql"
	"fmt"
)

// OpenAll opens every database of cfgs (the aliases of
// [ConfigsFromFile], Django's DATABASES) with [OpenDB] and returns them by
// alias, for orm.NewDatabases. It does not connect. If one cannot be
// opened, those already opened are closed and the error names the alias.
//
//	cfgs, err := driver.ConfigsFromFile("databases.yaml")
//	raw, err := driver.OpenAll(cfgs)
//	dbs, err := orm.NewDatabases(raw, orm.WithRouters(orm.PrimaryReplica("default", []string{"replica"})))
func OpenAll(cfgs map[string]Config) (map[string]*sql.DB, error) {
	out := make(map[string]*sql.DB, len(cfgs))
	for _, alias := range sortedKeys(cfgs) {
		db, err := OpenDB(cfgs[alias])
		if err != nil {
			for _, o := range out {
				o.Close()
			}
			return nil, fmt.Errorf("database %q: %w", alias, err)
		}
		out[alias] = db
	}
	return out, nil
}
