DROP TABLE IF EXISTS items; CREATE TABLE items (id int);
