# cc-suite: cwe=328 safe
class ItemsController < ApplicationController
  def show
    param = params[:q].to_s
    digest = Digest::SHA256.hexdigest(param)
    render plain: digest
  end
end
