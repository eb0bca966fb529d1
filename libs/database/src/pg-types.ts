import pg from 'pg';

// Calendar dates are dates, not instants: hand `date` columns back as the 'YYYY-MM-DD'
// text PostgreSQL sends instead of a JavaScript Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
