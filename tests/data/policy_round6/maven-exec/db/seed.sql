TRUNCATE orders;
INSERT INTO orders (id, total) VALUES (1, 10.50), (2, 3.25);
