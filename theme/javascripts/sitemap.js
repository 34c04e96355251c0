/* sitemap.js: the site's sitemap.xml fetched once a visit, not twice.
 *
 * Material's script fetches it as a page loads for instant navigation (the pages it may load
 * itself), and once more for each <link rel="alternate"> in the head, a link it takes for another
 * language or version of the site: here the feed's link, which feed readers need as it is. That is
 * 38 KB twice on the flagship, about 1 MB at 10,000 papers. Both requests are XMLHttpRequests; this
 * script, loaded before Material's (theme/main.html), lets the first go to the server and answers
 * the later ones from its response, through a blob: address that holds it. Every other request,
 * and a sitemap request after a failed one, goes out as it would.
 */
(() => {
  "use strict";

  const sitemap = new URL("../sitemap.xml", document.currentScript.src).href;
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const asked = new WeakMap(); // a request for the sitemap -> the arguments of its open()
  let shared = null; // the blob: address of the first answer, once there is one
  let first = null; // while the first request is out: a promise that it has ended

  // The answer as a Blob, whatever type its caller asked for (Material asks for a Blob).
  function kept(request) {
    if (request.status !== 200) return null;
    if (request.response instanceof Blob) return request.response;
    if (request.responseType === "" || request.responseType === "text") {
      return new Blob([request.responseText], { type: "application/xml" });
    }
    return null;
  }

  // Heard before the caller's own listeners (it is added at open()): Material's aborts the request
  // as it takes the answer, which empties it for any listener after.
  function keep() {
    if (shared) return;
    const blob = kept(this);
    if (blob) shared = URL.createObjectURL(blob);
  }

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (String(method).toUpperCase() === "GET" && new URL(url, location.href).href === sitemap) {
      asked.set(this, [method, url, ...rest]);
      this.addEventListener("load", keep);
    } else {
      asked.delete(this);
    }
    return open.call(this, method, url, ...rest);
  };

  // The same request opened again on the shared answer (open() keeps its listeners and response
  // type), or on the server's address when there is none (the first failed).
  function again(request, body) {
    const [method, url, ...rest] = asked.get(request);
    open.call(request, method, shared || url, ...rest);
    send.call(request, body);
  }

  XMLHttpRequest.prototype.send = function (body) {
    if (!asked.has(this)) return send.call(this, body);
    if (shared) return again(this, body);
    if (first) {
      first.then(() => again(this, body));
      return;
    }
    first = new Promise((resolve) => {
      for (const end of ["load", "loadend"]) this.addEventListener(end, resolve);
    }).then(() => {
      first = null;
    });
    return send.call(this, body);
  };
})();
