/* Error codes, their texts (from the X-macro table of error.h), and filling shr_error. */
#include "util.h"

#include <stdio.h>
#include <string.h>

const char *shr_error_code_text(int code)
{
    switch (code) {
#define SHR_ERROR_TEXT_(name, value, text) \
    case value:                            \
        return text;
        SHR_ERROR_MAP(SHR_ERROR_TEXT_)
#undef SHR_ERROR_TEXT_
    }
    return "unknown error";
}

const char *shr_error_code_label(int code, const char *lang)
{
    if (!lang || strcmp(lang, "fr") != 0)
        return shr_error_code_text(code);
    switch (code) {
    case SHR_OK:
        return "pas d'erreur";
    case SHR_ENOMEM:
        return "mémoire insuffisante";
    case SHR_EIO:
        return "erreur d'entrée/sortie";
    case SHR_ESYNTAX:
        return "erreur de syntaxe YAML";
    case SHR_EFORMAT:
        return "données de catalogue invalides";
    case SHR_EDUPLICATE:
        return "identifiant en double";
    case SHR_EREFERENCE:
        return "référence à un identifiant inconnu";
    case SHR_ECYCLE:
        return "cycle dans le graphe des territoires";
    case SHR_ELIMIT:
        return "limite dépassée";
    case SHR_EUNSUPPORTED:
        return "fonction YAML non prise en charge";
    case SHR_EQUERY:
        return "requête invalide";
    case SHR_ENOTFOUND:
        return "introuvable";
    case SHR_EINVAL:
        return "argument invalide";
    case SHR_EMISUSE:
        return "mauvais usage de la bibliothèque";
    }
    return "erreur inconnue";
}

const char *shr_error_message(const shr_error *err, const char *lang)
{
    if (!err)
        return "";
    const int fr = lang && strcmp(lang, "fr") == 0;
    const char *m = fr ? err->message_fr : err->message;
    return m[0] ? m : shr_error_code_label(err->code, fr ? "fr" : "en");
}

const char *shr_error_code_name(int code)
{
    switch (code) {
#define SHR_ERROR_NAME_(name, value, text) \
    case value:                            \
        return #name;
        SHR_ERROR_MAP(SHR_ERROR_NAME_)
#undef SHR_ERROR_NAME_
    }
    return "UNKNOWN";
}

void shr_error_clear(shr_error *err)
{
    if (!err)
        return;
    err->code = SHR_OK;
    err->message[0] = '\0';
    err->message_fr[0] = '\0';
    err->file[0] = '\0';
    err->line = 0;
    err->column = 0;
    err->record[0] = '\0';
}

/* Copy with truncation, always NUL-terminated. */
static void copy_text(char *dst, size_t size, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    size_t len = strlen(src);
    if (len >= size)
        len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Messages must stay on one line: they become exception texts and `FILE:LINE:COL: error:` lines. */
static void flatten_newlines(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
}

int shr__error_set_texts(shr_error *err, int code, const char *file, unsigned line,
                         unsigned column, const char *record, const char *en, const char *fr)
{
    if (!err)
        return code;
    err->code = code;
    copy_text(err->message, sizeof err->message, en);
    flatten_newlines(err->message);
    copy_text(err->message_fr, sizeof err->message_fr, fr);
    flatten_newlines(err->message_fr);
    copy_text(err->file, sizeof err->file, file);
    err->line = line;
    err->column = column;
    copy_text(err->record, sizeof err->record, record);
    return code;
}

int shr__error_vset_at(shr_error *err, int code, const char *file, unsigned line, unsigned column,
                       const char *record, const char *fmt, va_list ap)
{
    if (!err)
        return code;
    err->code = code;
    va_list aq;
    va_copy(aq, ap);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    flatten_newlines(err->message);
    shr__vformat_fr(err->message_fr, sizeof err->message_fr, fmt, aq);
    va_end(aq);
    flatten_newlines(err->message_fr);
    copy_text(err->file, sizeof err->file, file);
    err->line = line;
    err->column = column;
    copy_text(err->record, sizeof err->record, record);
    return code;
}

int shr__error_set_at(shr_error *err, int code, const char *file, unsigned line, unsigned column,
                      const char *record, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    shr__error_vset_at(err, code, file, line, column, record, fmt, ap);
    va_end(ap);
    return code;
}

int shr__error_set(shr_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    shr__error_vset_at(err, code, NULL, 0, 0, NULL, fmt, ap);
    va_end(ap);
    return code;
}
