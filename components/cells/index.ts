export {editableCell, type EditableCellOptions} from "./editableCell.js";
export {editsToolbar} from "./editsToolbar.js";
export {notebookSwitch} from "./notebook.js";
