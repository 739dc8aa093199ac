# cc-suite: cwe=328 real
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    digest = Digest::MD5.hexdigest(param)
    render plain: digest
  end
end
