SELECT c.column_name,
    CASE
        WHEN c.data_type IN ('NVARCHAR2', 'VARCHAR2', 'NCHAR', 'CHAR') THEN c.data_type || '(' || c.char_length || ')'
        WHEN c.data_type = 'NUMBER' AND c.data_precision IS NOT NULL THEN 'NUMBER(' || c.data_precision || ',' || c.data_scale || ')'
        WHEN c.data_type = 'FLOAT' THEN 'FLOAT(' || c.data_precision || ')'
        ELSE c.data_type
    END,
    CASE WHEN c.nullable = 'Y' THEN 1 ELSE 0 END,
    c.data_default,
    CASE WHEN EXISTS (SELECT 1 FROM user_constraints k
        JOIN user_cons_columns kc ON kc.constraint_name = k.constraint_name
        WHERE k.table_name = c.table_name AND k.constraint_type = 'P' AND kc.column_name = c.column_name) THEN 1 ELSE 0 END,
    CASE WHEN c.identity_column = 'YES' THEN 1 ELSE 0 END
FROM user_tab_columns c
WHERE c.table_name = :1
ORDER BY c.column_id
