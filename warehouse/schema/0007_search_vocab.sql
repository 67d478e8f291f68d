-- Precedent search: the tokenizer's dictionary (jieba's words and the policy words, with their
-- frequencies), so that a query is cut into the same words without loading jieba's dictionary in
-- the searching process (a second): the query's substrings are looked up here instead
-- (extractors.search_text.Vocabulary). Written by warehouse.search_index when the index is built;
-- search_info holds its total frequency, longest word and tokenizer version.
CREATE TABLE search_vocab (
    word  VARCHAR NOT NULL,
    freq  BIGINT NOT NULL
);
