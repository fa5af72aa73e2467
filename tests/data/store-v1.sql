-- SPDX-License-Identifier: MIT
-- tests/data/store-v1.sql - a store as carexd left it at schema version 1
-- (before the push outbox): its schema exactly as migration 1 made it,
-- one document with its delivery, and a two-record audit chain.
-- test_store.c loads it and opens it: store_open must migrate it to the
-- current version with nothing lost and the chain intact.
BEGIN;
CREATE TABLE documents ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sender TEXT NOT NULL, message_id TEXT NOT NULL, doctype TEXT NOT NULL, marking TEXT NOT NULL, body BLOB NOT NULL, sha256 TEXT NOT NULL, received_ms INTEGER NOT NULL, ack_due_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL, replace_kind INTEGER NOT NULL, replaces TEXT NOT NULL, state INTEGER NOT NULL DEFAULT 0, replaced_by TEXT NOT NULL DEFAULT '', UNIQUE (sender, message_id));
CREATE INDEX documents_expiry ON documents (expires_ms) WHERE expires_ms > 0;
CREATE TABLE deliveries ( doc INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE, recipient TEXT NOT NULL, position INTEGER NOT NULL, taken_ms INTEGER NOT NULL DEFAULT 0, accepted_ms INTEGER NOT NULL DEFAULT 0, rejected_ms INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '', text TEXT NOT NULL DEFAULT '', PRIMARY KEY (doc, recipient));
CREATE INDEX deliveries_inbox ON deliveries (recipient, doc);
CREATE TABLE audit ( seq INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, participant TEXT NOT NULL, cert TEXT NOT NULL, addr TEXT NOT NULL, action TEXT NOT NULL, doc_id TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
INSERT INTO documents (seq, id, sender, message_id, doctype, marking, body, sha256, received_ms, ack_due_ms, expires_ms, replace_kind, replaces) VALUES (1, '01K7000000V1STORE000000000', 'adrs-glasgow', 'v1-msg', 'prescription-change', 'OFFICIAL-SENSITIVE', CAST('<v1/>' AS BLOB), '5e2355ca263aafda1a1e6ffa31f503ea58037efc5a8bba1df7bf0ca2fa5a6ae5', 1759990000000, 0, 0, 0, '');
INSERT INTO deliveries (doc, recipient, position) VALUES (1, 'gp-43021', 0);
INSERT INTO audit VALUES (1, 1759990000000, 'adrs-glasgow', 'aa', '127.0.0.1', 'submit', '01K7000000V1STORE000000000', 'created', 'v1-msg', '0000000000000000000000000000000000000000000000000000000000000000', '129d124b9bd403d4b58fb530cd5ce0378330344fcdaa21dedec01d4a0e9da1da');
INSERT INTO audit VALUES (2, 1759990000001, 'gp-43021', 'bb', '127.0.0.1', 'fetch', '01K7000000V1STORE000000000', 'ok', '', '129d124b9bd403d4b58fb530cd5ce0378330344fcdaa21dedec01d4a0e9da1da', '1d34415b06f36d091a1bcde9a8659584d775ce923da8f1c6c5027059a1f4a1cb');
PRAGMA user_version = 1;
COMMIT;
