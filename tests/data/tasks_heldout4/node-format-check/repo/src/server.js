const http = require("http");
const { handle } = require("./api");

http.createServer(handle).listen(process.env.PORT || 3000);  
