SELECT i.index_name, CASE WHEN i.uniqueness = 'UNIQUE' THEN 1 ELSE 0 END,
    CASE WHEN EXISTS (SELECT 1 FROM user_constraints k
        WHERE k.table_name = i.table_name AND k.index_name = i.index_name AND k.constraint_type = 'U') THEN 'u' ELSE 'c' END,
    ic.column_name
FROM user_indexes i
JOIN user_ind_columns ic ON ic.index_name = i.index_name
WHERE i.table_name = :1 AND i.index_type <> 'LOB'
    AND NOT EXISTS (SELECT 1 FROM user_constraints k
        WHERE k.table_name = i.table_name AND k.index_name = i.index_name AND k.constraint_type = 'P')
ORDER BY i.index_name, ic.column_position
