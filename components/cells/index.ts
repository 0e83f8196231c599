export {editsToolbar} from "./editsToolbar.js";
export {editableSource, notebookSwitch} from "./notebook.js";
