-- Spanish and English for every signer (issue 16, decision 039).
--
-- The language a signature was made in decides its mail; the supporter's
-- language (that of their latest signature) decides campaign mail, which
-- goes to each person once. Which languages exist is app/locales (a third
-- is a file there, no migration), so the check is only the code's shape.
alter table signatures add column language text not null default 'en'
  constraint signatures_language_check check (language ~ '^[a-z]{2}$');
alter table supporters add column language text not null default 'en'
  constraint supporters_language_check check (language ~ '^[a-z]{2}$');

-- Organizer content may have a Spanish version (decision 040); null means
-- none, and the English shows inside the Spanish page, marked lang="en".
alter table petitions
  add column title_es text,
  add column body_es text,
  add column letter_default_es text;
alter table messages
  add column subject_es text,
  add column body_es text;
