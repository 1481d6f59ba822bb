-- query.sql — SQLite: a table of 60,000 generated rows, an index, grouping, a join, a window
-- function and a recursive query.
CREATE TABLE item(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, price REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
INSERT INTO item SELECT i, (i * 7919) % 97, printf('item-%05d', (i * 104729) % 100000), ((i * 31) % 1000) / 10.0 FROM n;
CREATE INDEX item_grp ON item(grp, price);
CREATE TABLE grp(id INTEGER PRIMARY KEY, label TEXT);
INSERT INTO grp SELECT DISTINCT grp, 'group-' || grp FROM item;
SELECT grp, count(*), round(sum(price), 1), min(name), max(name) FROM item GROUP BY grp ORDER BY 3 DESC LIMIT 5;
SELECT g.label, round(avg(i.price), 3) FROM item i JOIN grp g ON g.id = i.grp WHERE i.price > 90 GROUP BY g.label ORDER BY 2 DESC, 1 LIMIT 3;
SELECT id, name, price, rank() OVER (PARTITION BY grp ORDER BY price DESC, id) AS r FROM item WHERE grp = 42 ORDER BY r LIMIT 4;
SELECT count(DISTINCT name), sum(length(name)) FROM item WHERE name LIKE '%7%';
