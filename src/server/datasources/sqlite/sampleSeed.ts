/**
 * The sample database: a small shop (30 customers, 20 products, 80 orders, 160 order items),
 * the same every time (orders and their items are derived from their numbers, not random).
 */
export const sampleSeedSql = `
PRAGMA foreign_keys = ON;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  city TEXT NOT NULL,
  country TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  price REAL NOT NULL CHECK (price >= 0),
  stock INTEGER NOT NULL CHECK (stock >= 0)
);

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  ordered_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'shipped', 'delivered', 'cancelled'))
);

CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price REAL NOT NULL
);

CREATE INDEX orders_customer ON orders(customer_id);
CREATE INDEX order_items_order ON order_items(order_id);

INSERT INTO customers (id, name, email, city, country, created_at) VALUES
  (1, 'Ada Lovelace', 'ada@example.com', 'London', 'United Kingdom', '2024-01-05'),
  (2, 'Grace Hopper', 'grace@example.com', 'New York', 'United States', '2024-01-09'),
  (3, 'Alan Turing', 'alan@example.com', 'Manchester', 'United Kingdom', '2024-01-17'),
  (4, 'Katherine Johnson', 'katherine@example.com', 'Hampton', 'United States', '2024-02-02'),
  (5, 'Linus Torvalds', 'linus@example.com', 'Helsinki', 'Finland', '2024-02-11'),
  (6, 'Margaret Hamilton', 'margaret@example.com', 'Boston', 'United States', '2024-02-20'),
  (7, 'Tim Berners-Lee', 'tim@example.com', 'Geneva', 'Switzerland', '2024-03-01'),
  (8, 'Barbara Liskov', 'barbara@example.com', 'Cambridge', 'United States', '2024-03-08'),
  (9, 'Edsger Dijkstra', 'edsger@example.com', 'Rotterdam', 'Netherlands', '2024-03-15'),
  (10, 'Radia Perlman', 'radia@example.com', 'Portsmouth', 'United States', '2024-03-29'),
  (11, 'Donald Knuth', 'donald@example.com', 'Stanford', 'United States', '2024-04-04'),
  (12, 'Frances Allen', 'frances@example.com', 'Peru', 'United States', '2024-04-12'),
  (13, 'Ken Thompson', 'ken@example.com', 'New Orleans', 'United States', '2024-04-25'),
  (14, 'Hedy Lamarr', 'hedy@example.com', 'Vienna', 'Austria', '2024-05-03'),
  (15, 'Guido van Rossum', 'guido@example.com', 'Haarlem', 'Netherlands', '2024-05-14'),
  (16, 'Sophie Wilson', 'sophie@example.com', 'Leeds', 'United Kingdom', '2024-05-22'),
  (17, 'Bjarne Stroustrup', 'bjarne@example.com', 'Aarhus', 'Denmark', '2024-06-02'),
  (18, 'Annie Easley', 'annie@example.com', 'Birmingham', 'United States', '2024-06-10'),
  (19, 'Yukihiro Matsumoto', 'matz@example.com', 'Osaka', 'Japan', '2024-06-21'),
  (20, 'Jean Sammet', 'jean@example.com', 'New York', 'United States', '2024-07-01'),
  (21, 'Niklaus Wirth', 'niklaus@example.com', 'Winterthur', 'Switzerland', '2024-07-09'),
  (22, 'Adele Goldberg', 'adele@example.com', 'Cleveland', 'United States', '2024-07-18'),
  (23, 'Dennis Ritchie', 'dennis@example.com', 'Bronxville', 'United States', '2024-08-01'),
  (24, 'Karen Spärck Jones', 'karen@example.com', 'Huddersfield', 'United Kingdom', '2024-08-13'),
  (25, 'José Valim', 'jose@example.com', 'São Paulo', 'Brazil', '2024-08-27'),
  (26, 'Shafi Goldwasser', 'shafi@example.com', 'New York', 'United States', '2024-09-05'),
  (27, 'Anders Hejlsberg', 'anders@example.com', 'Copenhagen', 'Denmark', '2024-09-16'),
  (28, 'Lynn Conway', 'lynn@example.com', 'Mount Vernon', 'United States', '2024-10-02'),
  (29, 'Rasmus Lerdorf', 'rasmus@example.com', 'Qeqertarsuaq', 'Greenland', '2024-10-19'),
  (30, 'Mary Kenneth Keller', 'mary@example.com', 'Cleveland', 'United States', '2024-11-07');

INSERT INTO products (id, name, category, price, stock) VALUES
  (1, 'Mechanical keyboard', 'Peripherals', 89.0, 42),
  (2, 'Wireless mouse', 'Peripherals', 29.5, 120),
  (3, '27" monitor', 'Displays', 249.0, 18),
  (4, 'USB-C hub', 'Accessories', 39.9, 75),
  (5, 'Laptop stand', 'Accessories', 34.0, 60),
  (6, 'Noise-cancelling headphones', 'Audio', 199.0, 25),
  (7, 'Webcam HD', 'Peripherals', 59.0, 48),
  (8, 'Desk lamp', 'Office', 24.99, 80),
  (9, 'Ergonomic chair', 'Office', 329.0, 9),
  (10, 'Standing desk', 'Office', 499.0, 6),
  (11, 'Portable SSD 1 TB', 'Storage', 109.0, 55),
  (12, 'SD card 128 GB', 'Storage', 19.99, 200),
  (13, 'Bluetooth speaker', 'Audio', 49.0, 37),
  (14, 'Microphone', 'Audio', 119.0, 14),
  (15, 'Cable organiser', 'Accessories', 9.5, 300),
  (16, 'Monitor arm', 'Displays', 79.0, 22),
  (17, 'Graphics tablet', 'Peripherals', 149.0, 11),
  (18, 'Notebook (paper)', 'Office', 4.5, 500),
  (19, 'Laptop sleeve', 'Accessories', 22.0, 90),
  (20, 'Smart plug', 'Home', 14.99, 140);

-- Orders 1..80: customer, date and status follow from the order number.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 80)
INSERT INTO orders (id, customer_id, ordered_at, status)
SELECT i,
       ((i * 7) % 30) + 1,
       date('2025-01-01', '+' || ((i * 4) % 365) || ' days'),
       CASE WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 10 IN (1, 2) THEN 'pending' WHEN i % 10 IN (3, 4, 5) THEN 'shipped' ELSE 'delivered' END
FROM n;

-- Two items per order, products and quantities from the order and item numbers.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 160)
INSERT INTO order_items (id, order_id, product_id, quantity, unit_price)
SELECT n.i, ((n.i - 1) / 2) + 1, p.id, 1 + (n.i % 4), p.price
FROM n JOIN products p ON p.id = ((n.i * 3 + (n.i / 2) * 5) % 20) + 1;
`;
