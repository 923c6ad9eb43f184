SELECT table_name FROM user_tables
WHERE NOT EXISTS (SELECT 1 FROM user_mviews WHERE user_mviews.mview_name = user_tables.table_name)
ORDER BY table_name
