'use strict';
// Runs the shared Drover interop driver against the bullmq pinned in this directory's package.json.
require('../driver/driver.js').main(__dirname);
