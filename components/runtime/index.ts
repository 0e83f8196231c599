export {backendSetting, initialBackendRequest} from "./backendSetting.js";
export {modelLoader, type ModelLoaderOptions} from "./modelLoader.js";
