export {backendSetting, chooseBackend, initialBackendRequest} from "./backendSetting.js";
export {modelLoader, type ModelLoaderOptions} from "./modelLoader.js";
