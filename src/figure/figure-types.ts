/**
 * The Figure model: every picture Keel draws is one of these plain, JSON-friendly specs. Library
 * code returns figures (data); {@link figureHtml} and {@link figureSvg} draw them.
 * @module
 */

/** A JSON-friendly figure value (table cells). */
export type FigureValue = number | string | boolean | null;

/** One named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Draw dots only (scatter), no line. */
  readonly markersOnly?: boolean;
  /**
   * A category shared by several series (such as a trial's state): series of one group share a
   * colour and one legend entry, and are drawn thinner.
   */
  readonly group?: string;
  /**
   * Draw thin and pale in the colour of the non-faint series of the same name, with no legend
   * entry of its own: raw values under a smoothed line.
   */
  readonly faint?: boolean;
}

interface ChartBase {
  /** Unique within a page (used for element ids). */
  readonly id: string;
  readonly title: string;
  /** Text alternative read by screen readers: what the chart shows in one or two sentences. */
  readonly alt: string;
}

/** A vertical reference line on an x position (the chosen epoch, a threshold). */
export interface XMarker {
  readonly x: number;
  readonly label: string;
}

/** Line chart (learning curves, history, reliability diagrams, EDF). */
export interface LineChart extends ChartBase {
  readonly kind: 'line';
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Draws the y = x diagonal and fixes both axes to [0, 1] (reliability diagrams). */
  readonly diagonal?: boolean;
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Step-shaped lines (empirical distribution functions). */
  readonly step?: boolean;
  /** Fixed y range (such as [0, 1] for a cumulative share); default: fitted to the data. */
  readonly yDomain?: readonly [number, number];
  readonly markers?: readonly XMarker[];
}

/** One point of a scatter chart. */
export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  /** Value on the colour scale (viridis, with a colour bar). */
  readonly c?: number;
  /** Tooltip and data-table label. */
  readonly label?: string;
}

/** Scatter chart with an optional colour scale (slice plots, beeswarms). */
export interface ScatterChart extends ChartBase {
  readonly kind: 'scatter';
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: readonly ScatterPoint[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Category names when x is a category index (0, 1, …). */
  readonly xCategories?: readonly string[];
  /** Category names when y is a category index (rows of a beeswarm). */
  readonly yCategories?: readonly string[];
  /** What the colour of a point means (required when points carry `c`). */
  readonly colourLabel?: string;
  /** Use the diverging scale centred on 0 for `c`. */
  readonly divergingColour?: boolean;
  /** Vertical line at x (such as 0 for attributions). */
  readonly xReference?: number;
}

/** One bar: a value with an optional interval and group (colour with a legend). */
export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly lower?: number;
  readonly upper?: number;
  readonly group?: string;
}

/** Horizontal bar chart with optional interval whiskers and a reference line. */
export interface BarChart extends ChartBase {
  readonly kind: 'bar';
  readonly valueLabel: string;
  readonly bars: readonly Bar[];
  readonly reference?: number;
  /** Title of the category axis (default none). */
  readonly categoryLabel?: string;
}

/** Heatmap (confusion matrices, correlations, pixel maps) with a colour bar. */
export interface HeatmapChart extends ChartBase {
  readonly kind: 'heatmap';
  readonly rows: number;
  readonly cols: number;
  /** Row-major values. */
  readonly values: readonly number[];
  readonly rowLabels?: readonly string[];
  readonly colLabels?: readonly string[];
  /** Axis titles (such as 'true class' and 'predicted class'). */
  readonly rowTitle?: string;
  readonly colTitle?: string;
  /** What the colour means (colour bar title; default 'value'). */
  readonly colourLabel?: string;
  /** Blue–white–orange scale centred on 0 instead of viridis. */
  readonly diverging?: boolean;
  /** Print each cell's value (or its `cellText`) in the cell. */
  readonly showValues?: boolean;
  /** Per-cell text, row-major (such as a count and a rate on two lines joined by '\n'). */
  readonly cellText?: readonly string[];
  /**
   * Values are category indices (0, 1, …) named here, drawn in the categorical palette with a
   * legend instead of a colour bar (such as 'present' / 'missing').
   */
  readonly categories?: readonly string[];
  /** Without row and column labels: number rows and columns 0, k, 2k, … as ticks (pixel maps). */
  readonly tickEvery?: number;
}

/** Parallel coordinates: one polyline per item, coloured by its score with a colour bar. */
export interface ParallelChart extends ChartBase {
  readonly kind: 'parallel';
  readonly axes: readonly string[];
  /** One entry per axis: values on that axis (category indices for categorical axes). */
  readonly lines: readonly { readonly values: readonly number[]; readonly score: number; readonly dashed?: boolean; readonly label?: string }[];
  /** Log axes, one flag per axis. */
  readonly logAxes?: readonly boolean[];
  /** Category names per axis (null for numeric axes, as JSON keeps it). */
  readonly categories?: readonly (readonly string[] | null)[];
  /** What the colour means (default 'score'). */
  readonly scoreLabel?: string;
}

/** A surface over two parameters (contour plots) with the observed points on top. */
export interface ContourChart extends ChartBase {
  readonly kind: 'contour';
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly logX?: boolean;
  readonly logY?: boolean;
  /** Grid cells per axis. */
  readonly resolution: number;
  /** resolution × resolution values, row-major from the bottom row (y low) up. */
  readonly surface: readonly number[];
  readonly points: readonly ScatterPoint[];
  readonly colourLabel: string;
}

/** Overlaid histograms on shared bins (train vs test distributions), with a legend. */
export interface HistogramChart extends ChartBase {
  readonly kind: 'histogram';
  readonly xLabel: string;
  readonly yLabel: string;
  /** Bin edges, ascending: bin i spans [edges[i], edges[i + 1]). */
  readonly edges: readonly number[];
  /** One height per bin for each series (such as the share of rows), drawn translucent over each other. */
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
}

/** A strip plot: every value of one feature as a jittered dot, flagged values in a second colour. */
export interface StripChart extends ChartBase {
  readonly kind: 'strip';
  readonly xLabel: string;
  readonly values: readonly number[];
  /** One flag per value (such as "outside the fences"). */
  readonly flagged: readonly boolean[];
  /** Legend names of unflagged and flagged values. */
  readonly labels: readonly [string, string];
  /** Vertical reference lines (such as the outlier fences). */
  readonly markers?: readonly XMarker[];
}

/** One example of a gallery: an image or a text, with named facts under it. */
export interface GalleryItem {
  /** Heading of the example (such as "row 42"). */
  readonly label: string;
  /** A PNG data URL drawn `width` × `height` CSS pixels (pixelated), with its own alt text. */
  readonly image?: { readonly src: string; readonly width: number; readonly height: number; readonly alt: string };
  readonly text?: string;
  /** Facts shown under the example and as table columns (such as given label, suggestion, confidence). */
  readonly fields: readonly (readonly [string, FigureValue])[];
}

/** A gallery of examples (label issues): images or texts with their facts; no scripts, no external assets. */
export interface GalleryFigure extends ChartBase {
  readonly kind: 'gallery';
  readonly items: readonly GalleryItem[];
}

/** One interval of a timeline. */
export interface Span {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** Category (a trial's state): colour and legend entry. */
  readonly state: string;
}

/** Timeline (Gantt) of intervals on a shared time axis, one row each. */
export interface TimelineChart extends ChartBase {
  readonly kind: 'timeline';
  readonly xLabel: string;
  readonly spans: readonly Span[];
}

/** A table figure (trial tables, per-group metrics). */
export interface TableFigure extends ChartBase {
  readonly kind: 'table';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly FigureValue[])[];
}

/** An image given as a PNG data URL with a caption (label-issue thumbnails). */
export interface ImageFigure extends ChartBase {
  readonly kind: 'image';
  /** `data:image/png;base64,…` */
  readonly src: string;
  readonly width: number;
  readonly height: number;
}

/**
 * Token attributions of texts: each text's tokens in boxes coloured on the diverging scale (blue
 * against, orange towards the explained class, white none), scaled per text by its largest |score|.
 */
export interface TokensFigure extends ChartBase {
  readonly kind: 'tokens';
  readonly texts: readonly {
    /** Shown above the tokens (e.g. "spam · score 4.2"). */
    readonly label: string;
    readonly tokens: readonly string[];
    readonly scores: readonly number[];
  }[];
}

/** Every chart kind drawn as SVG. */
export type ChartFigure = LineChart | ScatterChart | BarChart | HeatmapChart | ParallelChart | ContourChart | TimelineChart | TokensFigure | HistogramChart | StripChart;

/** Every figure kind the renderer draws. */
export type Figure = ChartFigure | TableFigure | ImageFigure | GalleryFigure;
