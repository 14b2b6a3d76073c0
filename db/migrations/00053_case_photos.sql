-- A photo of the person (issue 14): resized and stripped of metadata by
-- app/services/case-photo.server.ts, kept here so every instance serves the
-- same bytes (no shared disk needed), apart from the case row so that
-- reading a case never reads the image.

create table case_photos (
  case_id uuid primary key references cases (id) on delete cascade,
  image bytea not null,
  content_type text not null default 'image/jpeg'
    constraint case_photos_content_type_check check (content_type in ('image/jpeg')),
  width int not null,
  height int not null,
  -- Read aloud by screen readers in place of the photo; required.
  alt text not null constraint case_photos_alt_check check (length(alt) between 1 and 300),
  updated_at timestamptz not null default now()
);
