/*
 * Vigil's embed snippet: sizes each Vigil petition frame on this page to its
 * content. The frame works without it (at its own height); this only
 * listens for the height the frame reports, from Vigil's own origin.
 */
;(function () {
  var origin = new URL(document.currentScript ? document.currentScript.src : location.href).origin
  addEventListener('message', function (event) {
    var d = event.data
    if (event.origin !== origin || !d || d.type !== 'vigil:embed-height') return
    var frames = document.querySelectorAll('iframe[data-vigil-embed]')
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var h = Math.max(200, Math.min(5000, Number(d.height) || 0))
        frames[i].style.height = h + 'px'
      }
    }
  })
})()
