SELECT c.constraint_name, c.constraint_name, cc.column_name, r.table_name, rc.column_name, c.delete_rule
FROM user_constraints c
JOIN user_cons_columns cc ON cc.constraint_name = c.constraint_name
JOIN user_constraints r ON r.constraint_name = c.r_constraint_name
JOIN user_cons_columns rc ON rc.constraint_name = c.r_constraint_name AND rc.position = cc.position
WHERE c.table_name = :1 AND c.constraint_type = 'R'
ORDER BY c.constraint_name, cc.position
