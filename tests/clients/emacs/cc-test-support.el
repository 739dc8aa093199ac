;;; cc-test-support.el --- What the Eglot client tests share  -*- lexical-binding: t; -*-

;; Bounded waits that notice a dead server, the shutdown sequence, and cleanup.

;;; Code:

(require 'ert)
(require 'eglot)
(require 'jsonrpc)

(defvar cc-test-wait-seconds 20
  "Default bound of `cc-test--wait'.")

(defun cc-test--wait (what predicate &optional seconds server)
  "Wait up to SECONDS for PREDICATE; fail naming WHAT.  Fails early if SERVER died."
  (let ((deadline (+ (float-time) (or seconds cc-test-wait-seconds)))
        (done nil))
    (while (and (not (setq done (funcall predicate)))
                (< (float-time) deadline))
      (when (and server (not (process-live-p (jsonrpc--process server))))
        (ert-fail (format "server died (exit status %s) while waiting for %s"
                          (process-exit-status (jsonrpc--process server)) what)))
      (accept-process-output nil 0.05))
    (unless done
      (ert-fail (format "timed out after %ss waiting for %s" (or seconds cc-test-wait-seconds) what)))
    done))

(defun cc-test--shutdown (server)
  "Shutdown + exit SERVER; its process must exit 0.
`eglot-shutdown' (eglot 1.9 with Emacs 28's jsonrpc 1.0.14) deletes the process right
after sending `exit', before the server can exit by itself, so send the two messages the
same way but wait for the process before eglot cleans up."
  (let ((process (jsonrpc--process server)))
    (setf (eglot--shutdown-requested server) t)
    (should (null (jsonrpc-request server :shutdown nil :timeout 5)))
    (jsonrpc-notify server :exit nil)
    (cc-test--wait "the server process to exit" (lambda () (not (process-live-p process))) 5)
    (should (eq (process-status process) 'exit))
    (should (= (process-exit-status process) 0))))

(defun cc-test--clean-up (server workdir)
  "Kill SERVER's process if it still runs and delete WORKDIR."
  (when (and server (process-live-p (jsonrpc--process server)))
    (delete-process (jsonrpc--process server)))
  (delete-directory workdir t))

(provide 'cc-test-support)
;;; cc-test-support.el ends here
