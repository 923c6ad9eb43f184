SELECT constraint_name, search_condition_vc FROM user_constraints
WHERE table_name = :1 AND constraint_type = 'C' AND generated = 'USER NAME'
ORDER BY constraint_name
