# cc-suite: cwe=330 real
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    token = rand(10**12).to_s
    cookies[:remember] = { value: token, secure: true, httponly: true }
    head :ok
  end
end
