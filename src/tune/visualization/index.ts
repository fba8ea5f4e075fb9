export { renderStudyHtml, studyBodyHtml } from './study-report-html.js';
export type { StudyHtmlOptions } from './study-report-html.js';
export { studyFigures, studySections, type StudyFigureOptions, type StudySection } from './study-figures.js';
export { historyFigure, intermediateFigure } from './history-plot.js';
export { parallelFigure } from './parallel-coordinates.js';
export { contourFigure, type ContourOptions } from './contour-plot.js';
export { sliceFigures } from './slice-plot.js';
export { edfFigure, importanceFigure, paretoFigure, timelineFigure } from './study-plots.js';
export { hypervolumeHistoryFigure, importanceHistoryFigure, rankFigure } from './study-progress.js';
