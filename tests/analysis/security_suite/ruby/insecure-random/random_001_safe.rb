# cc-suite: cwe=330 safe
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    token = SecureRandom.hex(16)
    cookies[:remember] = { value: token, secure: true, httponly: true }
    head :ok
  end
end
