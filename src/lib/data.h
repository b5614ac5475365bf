/* data.h - the data files of data/, compiled into the library (cmake/embed.cmake). */
#ifndef JUESUAN_DATA_H
#define JUESUAN_DATA_H
#include <stddef.h>

extern const char js_data_classification_tsv[];
extern const size_t js_data_classification_tsv_len;
extern const char js_data_templates_tsv[];
extern const size_t js_data_templates_tsv_len;
extern const char js_data_budgets_tsv[];
extern const size_t js_data_budgets_tsv_len;
extern const char js_data_words_tsv[];
extern const size_t js_data_words_tsv_len;
extern const char js_data_layout_tsv[];
extern const size_t js_data_layout_tsv_len;

#endif
