/* figure.h: figures a kind asks for, as intents inside its result. A figure
 * names its data by the key of a matrix in the same result and says which
 * columns play which role; src/out turns the intent into a plotting script
 * (and knows the files the data went to). */
#ifndef ENGRAM_RUN_FIGURE_H
#define ENGRAM_RUN_FIGURE_H

#include <stddef.h>

#include "run/report.h"

/* How a series is drawn. */
typedef enum eg_figure_style {
    EG_FIGURE_LINES,
    EG_FIGURE_LINESPOINTS,
    EG_FIGURE_POINTS,  /* point_size 0: the default marker; else filled circles of that size */
    EG_FIGURE_STEPS,   /* a staircase */
    EG_FIGURE_VECTORS, /* arrows from (x, y) along (dx, dy), all of arrow_length, in grey */
    EG_FIGURE_IMAGE,   /* the whole matrix as a heat map: x the column, y the row */
    EG_FIGURE_LABELS,  /* the count in label_column written beside (x, y) where it is above 1 */
    EG_FIGURE_SEGMENTS, /* line segments from (x, y) to (dx_column, dy_column): a curve in pieces */
    EG_FIGURE_MAP,      /* a heat map of column value_column over (x, y) rows on an even grid */
    EG_FIGURE_ERRORBARS /* filled points with vertical bars from column low_column to high_column */
} eg_figure_style;

/* The marker of a POINTS series. */
typedef enum eg_figure_marker {
    EG_MARKER_DEFAULT,
    EG_MARKER_DISC,    /* a filled circle (a stable fixed point) */
    EG_MARKER_RING,    /* an open circle (an unstable one) */
    EG_MARKER_CROSS,   /* a diagonal cross (drawn over a ring: a saddle) */
    EG_MARKER_DIAMOND  /* an open diamond */
} eg_figure_marker;

/* What the horizontal coordinate of a series is. */
typedef enum eg_figure_x {
    EG_FIGURE_X_ROW,    /* the row number */
    EG_FIGURE_X_SCALED, /* x_offset + x_scale * row number (a uniform time grid) */
    EG_FIGURE_X_COLUMN  /* the value in column x_column */
} eg_figure_x;

typedef struct eg_figure_series {
    char *data; /* key path of a matrix in the figure's result ("energy", "basis.phi") */
    char *title;
    eg_figure_style style;
    eg_figure_x x;
    size_t x_column;
    double x_scale, x_offset;
    size_t y_column;       /* columns count from 0 */
    int y_shifted;         /* y is the column plus y_shift (curves stacked apart) */
    double y_shift;
    double y_scale;        /* > 0: y is the column times y_scale (plus y_shift) */
    size_t dx_column, dy_column; /* VECTORS */
    size_t low_column, high_column; /* ERRORBARS: the ends of each bar */
    double arrow_length;
    double point_size;
    int right_axis;        /* against the second y axis */
    eg_figure_marker marker;
    int size_column_set;   /* POINTS: the marker's size is point_size * sqrt(column size_column) */
    size_t size_column;
    size_t label_column;   /* LABELS */
    size_t value_column;   /* MAP */
    const char *color;     /* "#rrggbb", or NULL: the plotter's next colour (static text, not owned) */
    int color_index;       /* > 0: the plotter's colour of that number (curves of one point alike) */
    int dash;              /* > 1: a dash pattern (series of one kind told apart) */
    double line_width;     /* 0: the plotter's default */
    int no_title;          /* left out of the key */
} eg_figure_series;

/* A text placed at a point of the plot (a special point's name). */
typedef struct eg_figure_label {
    double x, y;
    char *text;
} eg_figure_label;

/* An axis range from `from` to `to` (to < from reverses the axis). */
typedef struct eg_figure_range {
    int set;
    double from, to;
} eg_figure_range;

typedef struct eg_figure {
    char *name; /* the figure's name within its result ("energy", "phase") */
    char *title, *xlabel, *ylabel;
    eg_figure_series *series;
    size_t nseries, cap;
    /* Setup, as data: */
    int no_grid;
    int plain_labels;    /* axis labels as written (no sub- and superscripts from _ and ^) */
    int tight;           /* the axes end at the data (a heat map's edges) */
    int pad;             /* a margin around the data (markers not cut by the frame) */
    int no_key;          /* no key (a single curve the title names) */
    int equal_aspect;    /* one unit is as long on both axes */
    int unit_circle;     /* the circle |z| = 1, for eigenvalues */
    int log_x, log_y;
    eg_figure_range xrange, yrange;
    double ytics;        /* spacing of the y tics; 0: the plotter's choice */
    double xtics;        /* spacing of the x tics; 0: the plotter's choice */
    int right_axis;      /* a second y axis with its own tics */
    eg_figure_range y2range;
    char *y2label;
    int diverging;       /* heat map colours from blue through white (0) to red, over ±color_limit */
    double color_limit;
    int sequential;      /* heat map colours from dark (low) to light (high) over the data's range */
    eg_figure_range color_range; /* sequential: the colours' range, when set */
    double color_step;   /* sequential, > 0: the colours in bands this wide (contour levels read against them) */
    char *color_label;
    eg_figure_label *labels;
    size_t nlabels;
    int failed;          /* an addition ran out of memory */
} eg_figure;

/* Adds a figure to result's "figures" array (created at the first figure) with
 * its name, title and axis labels. Returns the figure, or NULL (the report
 * records the failure); a NULL result yields NULL. */
eg_figure *eg_figure_add(eg_report *result, const char *name, const char *title, const char *xlabel,
                         const char *ylabel);

/* Appends a series of the matrix at key path `data`: y the column y_column
 * against x the row number (change x, ... in the returned series). NULL when
 * figure is NULL or memory runs out (recorded in figure->failed). */
eg_figure_series *eg_figure_series_add(eg_figure *figure, const char *data, size_t y_column, eg_figure_style style,
                                       const char *title);

/* A series of column y against column x. */
eg_figure_series *eg_figure_xy(eg_figure *figure, const char *data, size_t x_column, size_t y_column,
                               eg_figure_style style, const char *title);

/* One series per column 0 .. min(cols, max_series) - 1 of data against
 * x_offset + x_scale * row, each titled "<prefix> <k>". */
void eg_figure_columns(eg_figure *figure, const char *data, size_t cols, size_t max_series, double x_scale,
                       double x_offset, eg_figure_style style, const char *prefix);

/* Sets the second y axis: its range and label. */
void eg_figure_right_axis(eg_figure *figure, double from, double to, const char *label);

/* Colours a heat map from blue through white to red over ±limit, with a label. */
void eg_figure_diverging(eg_figure *figure, double limit, const char *label);

/* Places text at (x, y), marked by a small point. */
void eg_figure_label_add(eg_figure *figure, double x, double y, const char *text);

void eg_figure_free(eg_figure *figure);

#endif
