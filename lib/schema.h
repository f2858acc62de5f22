/*
 * schema.h - SQL carried inside the binaries (generated from schema/ by
 * tools/embed.sh at build time).
 */
#ifndef MSD_SCHEMA_H
#define MSD_SCHEMA_H

/* Reminders database: migration i brings user_version from i to i+1. */
extern const char *const reminders_migrations[];
extern const int reminders_migrations_count;

/* Content pack: the whole schema, one string (content_schema[0]). */
extern const char *const content_schema[];
extern const int content_schema_count;

/* The pack's read-aloud audio table (content_audio_schema[0]), apart
 * because the pack reader does not read it (kiosk/audio/ streams it). */
extern const char *const content_audio_schema[];
extern const int content_audio_schema_count;

#endif
